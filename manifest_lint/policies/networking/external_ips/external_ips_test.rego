package networking.external_ips_test

import data.networking.external_ips

test_external_ips_denied if {
	some f in external_ips.deny with input as {"kind": "Service", "metadata": {"name": "s"}, "spec": {"externalIPs": ["1.2.3.4"]}}
	f.rule_id == "net-external-ips"
	contains(f.msg, `spec.externalIPs is ["1.2.3.4"]`)
}

test_none_allowed if {
	count(external_ips.deny) == 0 with input as {"kind": "Service", "metadata": {"name": "s"}, "spec": {"externalIPs": []}}
}
