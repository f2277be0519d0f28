package security.dangerous_capabilities_test

import data.security.dangerous_capabilities

_pod(add) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"initContainers": [{"name": "init", "securityContext": {"capabilities": {"add": add}}}]}}

test_sys_admin_denied if {
	some f in dangerous_capabilities.deny with input as _pod(["SYS_ADMIN"])
	f.rule_id == "sec-dangerous-capabilities"
	f.container == "init"
	contains(f.msg, `capabilities.add includes "SYS_ADMIN"`)
}

test_cap_net_admin_denied if {
	count(dangerous_capabilities.deny) == 1 with input as _pod(["CAP_NET_ADMIN", "CHOWN"])
}

test_harmless_allowed if {
	count(dangerous_capabilities.deny) == 0 with input as _pod(["NET_BIND_SERVICE"])
}
