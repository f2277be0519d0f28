package rbac.read_secrets_test

import data.rbac.read_secrets

_role(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": rules}

test_list_secrets_denied if {
	doc := _role([{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list"]}])
	some f in read_secrets.deny with input as doc
	f.rule_id == "rbac-read-secrets"
	contains(f.msg, `rules[0] grants "list" on "secrets"`)
	count(read_secrets.deny) == 2 with input as doc
}

test_create_only_allowed if {
	count(read_secrets.deny) == 0 with input as _role([{"apiGroups": [""], "resources": ["secrets"], "verbs": ["create"]}])
}

test_wildcard_resources_denied if {
	doc := _role([{"apiGroups": [""], "resources": ["*"], "verbs": ["list"]}])
	some f in read_secrets.deny with input as doc
	f.msg == `rbac-read-secrets: ClusterRole/-/r: rules[0] grants "list" on "*"`
	count(read_secrets.deny) == 1 with input as doc
}

test_wildcard_group_denied if {
	count(read_secrets.deny) == 1 with input as _role([{"apiGroups": ["*"], "resources": ["secrets"], "verbs": ["watch"]}])
	count(read_secrets.deny) == 1 with input as _role([{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}])
}

test_wildcard_resources_of_other_groups_allowed if {
	count(read_secrets.deny) == 0 with input as _role([{"apiGroups": ["apps"], "resources": ["*"], "verbs": ["get"]}])
}
