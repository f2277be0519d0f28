package networking.ingress_tls_test

import data.networking.ingress_tls

_ingress(spec) := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web", "namespace": "ns"}, "spec": spec}

_rules := [{"host": "shop.example.com"}, {"host": "api.example.com"}]

test_no_tls_denied if {
	some f in ingress_tls.deny with input as _ingress({"rules": _rules})
	f.rule_id == "net-ingress-tls"
	f.msg == "net-ingress-tls: Ingress/ns/web: spec.tls is not set: the Ingress serves plain HTTP"
}

test_uncovered_host_denied if {
	doc := _ingress({"rules": _rules, "tls": [{"hosts": ["shop.example.com"], "secretName": "tls"}]})
	some f in ingress_tls.deny with input as doc
	contains(f.msg, `spec.rules[].host "api.example.com" is not in any spec.tls[].hosts`)
	count(ingress_tls.deny) == 1 with input as doc
}

test_wildcard_covers_one_level if {
	doc := _ingress({"rules": _rules, "tls": [{"hosts": ["*.example.com"], "secretName": "tls"}]})
	count(ingress_tls.deny) == 0 with input as doc
	deep := _ingress({"rules": [{"host": "a.b.example.com"}], "tls": [{"hosts": ["*.example.com"]}]})
	count(ingress_tls.deny) == 1 with input as deep
}

test_other_group_ignored if {
	count(ingress_tls.deny) == 0 with input as {"apiVersion": "example.com/v1", "kind": "Ingress", "metadata": {"name": "x"}, "spec": {}}
}
