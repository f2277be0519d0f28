package rbac.create_pods_test

import data.rbac.create_pods

_role(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r", "namespace": "ns"}, "rules": rules}

test_create_pods_denied if {
	some f in create_pods.deny with input as _role([{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "create"]}])
	f.rule_id == "rbac-create-pods"
	contains(f.msg, `rules[0] grants "create" on "pods" in apiGroup ""`)
}

test_create_deployments_denied if {
	count(create_pods.deny) == 1 with input as _role([{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["*"]}])
}

test_wrong_group_allowed if {
	count(create_pods.deny) == 0 with input as _role([{"apiGroups": ["metrics.k8s.io"], "resources": ["pods"], "verbs": ["create"]}])
}

test_read_only_allowed if {
	count(create_pods.deny) == 0 with input as _role([{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]}])
}

test_wildcard_resources_denied if {
	doc := _role([{"apiGroups": [""], "resources": ["*"], "verbs": ["create"]}])
	some f in create_pods.deny with input as doc
	f.msg == `rbac-create-pods: Role/ns/r: rules[0] grants "create" on "*" in apiGroup ""`
	count(create_pods.deny) == 1 with input as doc
	count(create_pods.deny) == 1 with input as _role([{"apiGroups": ["batch"], "resources": ["*"], "verbs": ["*"]}])
}

test_wildcard_group_denied if {
	count(create_pods.deny) == 1 with input as _role([{"apiGroups": ["*"], "resources": ["cronjobs"], "verbs": ["create"]}])
	count(create_pods.deny) == 1 with input as _role([{"apiGroups": ["*"], "resources": ["*"], "verbs": ["create"]}])
}

test_wildcard_resources_of_other_groups_allowed if {
	count(create_pods.deny) == 0 with input as _role([{"apiGroups": ["networking.k8s.io"], "resources": ["*"], "verbs": ["*"]}])
}
