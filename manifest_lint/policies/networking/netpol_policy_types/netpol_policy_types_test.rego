package networking.netpol_policy_types_test

import data.networking.netpol_policy_types

_np(spec) := {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "np", "namespace": "ns"}, "spec": spec}

test_missing_denied if {
	some f in netpol_policy_types.deny with input as _np({"podSelector": {}})
	f.rule_id == "net-netpol-policy-types"
	f.msg == "net-netpol-policy-types: NetworkPolicy/ns/np: spec.policyTypes is not set or empty"
}

test_set_allowed if {
	count(netpol_policy_types.deny) == 0 with input as _np({"podSelector": {}, "policyTypes": ["Ingress", "Egress"]})
}

test_cilium_ignored if {
	count(netpol_policy_types.deny) == 0 with input as {"apiVersion": "cilium.io/v2", "kind": "NetworkPolicy", "metadata": {"name": "x"}, "spec": {}}
}
