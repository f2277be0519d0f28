package rbac.pod_exec_test

import data.rbac.pod_exec

_role(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": rules}

test_exec_denied if {
	some f in pod_exec.deny with input as _role([{"apiGroups": [""], "resources": ["pods", "pods/exec"], "verbs": ["create"]}])
	f.rule_id == "rbac-pod-exec"
	contains(f.msg, `rules[0] grants "create" on "pods/exec"`)
}

test_read_pods_allowed if {
	count(pod_exec.deny) == 0 with input as _role([{"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list"]}])
}

test_wildcard_resources_denied if {
	doc := _role([{"apiGroups": [""], "resources": ["*"], "verbs": ["get"]}])
	some f in pod_exec.deny with input as doc
	f.msg == `rbac-pod-exec: ClusterRole/-/r: rules[0] grants "get" on "*"`
}

test_wildcard_group_and_subresources_denied if {
	count(pod_exec.deny) == 1 with input as _role([{"apiGroups": ["*"], "resources": ["pods/*"], "verbs": ["create"]}])
	count(pod_exec.deny) == 1 with input as _role([{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}])
}

test_wildcard_resources_of_other_groups_allowed if {
	count(pod_exec.deny) == 0 with input as _role([{"apiGroups": ["apps"], "resources": ["*"], "verbs": ["*"]}])
	count(pod_exec.deny) == 0 with input as _role([{"apiGroups": [""], "resources": ["*"], "verbs": ["list", "watch"]}])
}
