package rbac.wildcard_test

import data.rbac.wildcard

_role(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r", "namespace": "ns"}, "rules": rules}

test_wildcard_verbs_denied if {
	doc := _role([{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}, {"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}])
	some f in wildcard.deny with input as doc
	f.rule_id == "rbac-wildcard"
	f.msg == `rbac-wildcard: Role/ns/r: rules[1].verbs includes "*"`
	count(wildcard.deny) == 3 with input as doc
}

test_explicit_allowed if {
	count(wildcard.deny) == 0 with input as _role([{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get", "list"]}])
}
