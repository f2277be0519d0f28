package security.drop_net_raw_test

import data.security.drop_net_raw

_pod(sc) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "securityContext": sc}]}}

test_no_drop_denied if {
	some f in drop_net_raw.deny with input as _pod({})
	f.rule_id == "sec-drop-net-raw"
	f.container == "app"
	contains(f.msg, "capabilities.drop is []")
}

test_drop_other_denied if {
	count(drop_net_raw.deny) == 1 with input as _pod({"capabilities": {"drop": ["CHOWN"]}})
}

test_drop_all_allowed if {
	count(drop_net_raw.deny) == 0 with input as _pod({"capabilities": {"drop": ["ALL"]}})
}

test_drop_net_raw_allowed if {
	count(drop_net_raw.deny) == 0 with input as _pod({"capabilities": {"drop": ["CAP_NET_RAW"]}})
}
