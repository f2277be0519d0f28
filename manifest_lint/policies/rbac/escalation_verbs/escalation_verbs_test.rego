package rbac.escalation_verbs_test

import data.rbac.escalation_verbs

_role(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": rules}

test_impersonate_denied if {
	doc := _role([{"apiGroups": [""], "resources": ["users", "groups"], "verbs": ["impersonate"]}])
	some f in escalation_verbs.deny with input as doc
	f.rule_id == "rbac-escalation-verbs"
	contains(f.msg, `rules[0].verbs includes "impersonate" (on ["users", "groups"])`)
}

test_plain_verbs_allowed if {
	count(escalation_verbs.deny) == 0 with input as _role([{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get"]}])
}
