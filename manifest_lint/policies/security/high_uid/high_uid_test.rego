package security.high_uid_test

import data.security.high_uid

_pod(pod_sc, sc) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"securityContext": pod_sc, "containers": [{"name": "app", "securityContext": sc}]}}

test_unset_denied if {
	some f in high_uid.deny with input as _pod({}, {})
	f.rule_id == "sec-high-uid"
	f.container == "app"
	contains(f.msg, "securityContext.runAsUser is not set, want at least 1000")
}

test_low_uid_denied if {
	some f in high_uid.deny with input as _pod({"runAsGroup": 2000}, {"runAsUser": 999})
	contains(f.msg, "runAsUser is 999")
	count(high_uid.deny) == 1 with input as _pod({"runAsGroup": 2000}, {"runAsUser": 999})
}

test_reference_app_uid_allowed if {
	count(high_uid.deny) == 0 with input as _pod({"runAsUser": 1001, "runAsGroup": 1001}, {})
}

test_min_from_config if {
	count(high_uid.deny) == 2 with input as _pod({"runAsUser": 1001, "runAsGroup": 1001}, {})
		with data.lint_config.min_uid as 10000
}
