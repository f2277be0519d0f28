package availability.hpa_min_replicas_test

import data.availability.hpa_min_replicas

_hpa(spec) := {
	"apiVersion": "autoscaling/v2",
	"kind": "HorizontalPodAutoscaler",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": object.union({"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}, "maxReplicas": 10}, spec),
}

test_one_denied if {
	some f in hpa_min_replicas.deny with input as _hpa({"minReplicas": 1})
	f.rule_id == "avail-hpa-min-replicas"
	f.kind == "HorizontalPodAutoscaler"
	f.container == null
	f.msg == "avail-hpa-min-replicas: HorizontalPodAutoscaler/shop/web: spec.minReplicas is 1, so the HPA may scale the workload down to one pod; want at least 2"
}

test_missing_defaults_to_one_denied if {
	some f in hpa_min_replicas.deny with input as _hpa({})
	f.msg == "avail-hpa-min-replicas: HorizontalPodAutoscaler/shop/web: spec.minReplicas is not set, so it defaults to 1 and the HPA may scale the workload down to one pod; want at least 2"
	count(hpa_min_replicas.deny) == 1 with input as _hpa({"minReplicas": null})
}

test_scale_to_zero_denied if {
	some f in hpa_min_replicas.deny with input as _hpa({"minReplicas": 0})
	contains(f.msg, "spec.minReplicas is 0, so the HPA may scale the workload down to no pods at all")
}

test_two_or_more_allowed if {
	count(hpa_min_replicas.deny) == 0 with input as _hpa({"minReplicas": 2})
	count(hpa_min_replicas.deny) == 0 with input as _hpa({"minReplicas": 5})
}

test_v1_and_lists_checked if {
	v1 := json.patch(_hpa({}), [{"op": "replace", "path": "/apiVersion", "value": "autoscaling/v1"}])
	count(hpa_min_replicas.deny) == 1 with input as v1
	count(hpa_min_replicas.deny) == 2 with input as {"kind": "List", "items": [_hpa({"minReplicas": 1}), json.patch(_hpa({}), [{"op": "replace", "path": "/metadata/name", "value": "api"}])]}
}

test_other_kinds_and_groups_ignored if {
	count(hpa_min_replicas.deny) == 0 with input as {"apiVersion": "keda.sh/v1alpha1", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "x"}, "spec": {}}
	count(hpa_min_replicas.deny) == 0 with input as {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"}, "spec": {"minReplicas": 1}}
}

test_waived if {
	hpa := json.patch(_hpa({"minReplicas": 1}), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-avail-hpa-min-replicas": "batch consumer, one pod is enough off-peak"},
	}])
	count(hpa_min_replicas.deny) == 0 with input as hpa
	some f in hpa_min_replicas.warn with input as hpa
	f.waived
	f.waiver_reason == "batch consumer, one pod is enough off-peak"
}
