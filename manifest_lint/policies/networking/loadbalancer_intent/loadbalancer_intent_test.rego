package networking.loadbalancer_intent_test

import data.networking.loadbalancer_intent

_svc(annotations) := {"kind": "Service", "metadata": {"name": "s", "annotations": annotations}, "spec": {"type": "LoadBalancer"}}

test_no_intent_denied if {
	some f in loadbalancer_intent.deny with input as _svc({})
	f.rule_id == "net-loadbalancer-intent"
	contains(f.msg, `spec.type is "LoadBalancer" and metadata.annotations has none of`)
}

test_intent_allowed if {
	count(loadbalancer_intent.deny) == 0 with input as _svc({"policy.omnitide.dev/exposure": "public"})
	count(loadbalancer_intent.deny) == 0 with input as _svc({"networking.gke.io/load-balancer-type": "Internal"})
}

test_configured_keys if {
	count(loadbalancer_intent.deny) == 0 with input as _svc({"example.com/lb": "internal"})
		with data.lint_config.loadbalancer_intent_annotations as ["example.com/lb"]
}
