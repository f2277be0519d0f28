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

test_wildcard_verbs_on_roles_denied if {
	doc := _role([{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["clusterroles"], "verbs": ["*"]}])
	some f in escalation_verbs.deny with input as doc
	f.msg == `rbac-escalation-verbs: ClusterRole/-/r: rules[0].verbs includes "*", which grants "bind", "escalate" (on ["clusterroles"])`
	count(escalation_verbs.deny) == 1 with input as doc
}

test_wildcard_verbs_on_identities_denied if {
	doc := _role([{"apiGroups": [""], "resources": ["serviceaccounts"], "verbs": ["*"]}])
	some f in escalation_verbs.deny with input as doc
	contains(f.msg, `which grants "impersonate" (on ["serviceaccounts"])`)
	count(escalation_verbs.deny) == 1 with input as _role([{"apiGroups": ["authentication.k8s.io"], "resources": ["userextras/scopes"], "verbs": ["*"]}])
}

test_wildcard_everything_denied if {
	doc := _role([{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}])
	some f in escalation_verbs.deny with input as doc
	contains(f.msg, `which grants "bind", "escalate", "impersonate" (on ["*"])`)
}

test_wildcard_verbs_elsewhere_allowed if {
	count(escalation_verbs.deny) == 0 with input as _role([{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["*"]}])
	count(escalation_verbs.deny) == 0 with input as _role([{"apiGroups": ["apps"], "resources": ["*"], "verbs": ["*"]}])
	count(escalation_verbs.deny) == 0 with input as _role([{"apiGroups": [""], "resources": ["roles"], "verbs": ["*"]}])
}
