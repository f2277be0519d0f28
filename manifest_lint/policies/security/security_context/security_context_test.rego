package security.security_context_test

import data.security.security_context

_deploy(container) := {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {"containers": [container]}}}}

test_missing_denied if {
	some f in security_context.deny with input as _deploy({"name": "app"})
	f.rule_id == "sec-security-context"
	f.container == "app"
	contains(f.msg, "containers[].securityContext is not set")
}

test_empty_denied if {
	count(security_context.deny) == 1 with input as _deploy({"name": "app", "securityContext": {}})
}

test_present_allowed if {
	count(security_context.deny) == 0 with input as _deploy({"name": "app", "securityContext": {"runAsNonRoot": true}})
}
