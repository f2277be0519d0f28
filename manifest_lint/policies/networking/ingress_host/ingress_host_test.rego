package networking.ingress_host_test

import data.networking.ingress_host

_ingress(rules) := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web"}, "spec": {"rules": rules}}

test_empty_host_denied if {
	some f in ingress_host.deny with input as _ingress([{"http": {}}])
	f.rule_id == "net-ingress-host"
	contains(f.msg, "spec.rules[].host is not set or empty")
}

test_wildcard_denied if {
	some f in ingress_host.deny with input as _ingress([{"host": "*.example.com"}])
	contains(f.msg, `"*.example.com" is a wildcard`)
}

test_exact_host_allowed if {
	count(ingress_host.deny) == 0 with input as _ingress([{"host": "shop.example.com"}])
}
