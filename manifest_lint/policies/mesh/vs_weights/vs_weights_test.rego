package mesh.vs_weights_test

import data.mesh.vs_weights

_vs(spec) := {
	"apiVersion": "networking.istio.io/v1",
	"kind": "VirtualService",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": object.union({"hosts": ["web.shop.svc.cluster.local"]}, spec),
}

_dest(subset, weight) := {"destination": {"host": "web.shop.svc.cluster.local", "subset": subset}, "weight": weight}

test_split_adding_up_allowed if {
	count(vs_weights.deny) == 0 with input as _vs({"http": [{"route": [_dest("blue", 90), _dest("green", 10)]}]})
	count(vs_weights.deny) == 0 with input as _vs({"http": [{"route": [_dest("blue", 100), _dest("green", 0)]}]})
	count(vs_weights.deny) == 0 with input as _vs({"tcp": [{"route": [_dest("blue", 50), _dest("green", 50)]}]})
}

test_single_destination_without_weight_allowed if {
	count(vs_weights.deny) == 0 with input as _vs({"http": [{"route": [{"destination": {"host": "web"}}]}]})
	count(vs_weights.deny) == 0 with input as _vs({"http": [{"route": [_dest("blue", 100)]}]})
	count(vs_weights.deny) == 0 with input as _vs({"http": [{"redirect": {"uri": "/new"}}]})
}

test_split_not_adding_up_denied if {
	some f in vs_weights.deny with input as _vs({"http": [{"name": "slots", "route": [_dest("blue", 90), _dest("green", 20)]}]})
	f.rule_id == "mesh-vs-weights"
	f.msg == `mesh-vs-weights: VirtualService/shop/web: spec.http[0] ("slots"): the weights [90, 20] of its destinations add up to 110, not 100`
}

test_missing_weights_count_zero if {
	some f in vs_weights.deny with input as _vs({"tls": [{"route": [_dest("blue", 60), {"destination": {"host": "web", "subset": "green"}}]}]})
	f.msg == `mesh-vs-weights: VirtualService/shop/web: spec.tls[0]: the weights [60, 0] of its destinations add up to 60, not 100`
	count(vs_weights.deny) == 1 with input as _vs({"http": [{"route": [{"destination": {"host": "a"}}, {"destination": {"host": "b"}}]}]})
}

test_single_weighted_destination_denied if {
	count(vs_weights.deny) == 1 with input as _vs({"http": [{"route": [_dest("blue", 50)]}]})
}

test_each_route_checked if {
	spec := {"http": [{"route": [_dest("blue", 50), _dest("green", 50)]}, {"route": [_dest("blue", 10), _dest("green", 10)]}]}
	some f in vs_weights.deny with input as _vs(spec)
	contains(f.msg, "spec.http[1]")
	count(vs_weights.deny) == 1 with input as _vs(spec)
}

test_waived if {
	vs := json.patch(_vs({"http": [{"route": [_dest("blue", 1), _dest("green", 1)]}]}), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-mesh-vs-weights": "relative weights on purpose"},
	}])
	count(vs_weights.deny) == 0 with input as vs
	count(vs_weights.warn) == 1 with input as vs
}
