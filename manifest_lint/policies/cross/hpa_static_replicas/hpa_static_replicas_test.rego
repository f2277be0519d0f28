package cross.hpa_static_replicas_test

import data.cross.hpa_static_replicas

_combined(docs) := [{"path": "manifests.yaml", "contents": doc} | some doc in docs]

_workload(kind, name, spec) := {
	"apiVersion": "apps/v1",
	"kind": kind,
	"metadata": {"name": name, "namespace": "shop"},
	"spec": object.union({"template": {"metadata": {"labels": {"app": name}}}}, spec),
}

_hpa(kind, name) := {
	"apiVersion": "autoscaling/v2",
	"kind": "HorizontalPodAutoscaler",
	"metadata": {"name": "hpa", "namespace": "shop"},
	"spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": kind, "name": name}, "minReplicas": 2, "maxReplicas": 10},
}

test_targeted_deployment_with_replicas_denied if {
	docs := [_workload("Deployment", "web", {"replicas": 3}), _hpa("Deployment", "web")]
	some f in hpa_static_replicas.deny with input as _combined(docs)
	f.rule_id == "cross-hpa-static-replicas"
	f.kind == "Deployment"
	f.name == "web"
	f.msg == `cross-hpa-static-replicas: Deployment/shop/web: spec.replicas is 3, but HorizontalPodAutoscaler "hpa" scales it: every apply resets the replica count to 3`
}

test_targeted_statefulset_with_replicas_denied if {
	docs := [_workload("StatefulSet", "db", {"replicas": 1}), _hpa("StatefulSet", "db")]
	count(hpa_static_replicas.deny) == 1 with input as _combined(docs)
}

test_targeted_without_replicas_allowed if {
	count(hpa_static_replicas.deny) == 0 with input as _combined([_workload("Deployment", "web", {}), _hpa("Deployment", "web")])
	count(hpa_static_replicas.deny) == 0 with input as _combined([_workload("Deployment", "web", {"replicas": null}), _hpa("Deployment", "web")])
}

test_untargeted_fixed_slot_allowed if {
	# The idle blue/green slot: a fixed size, and the HPA scales the other slot only.
	docs := [
		_workload("Deployment", "web-blue", {}),
		_workload("Deployment", "web-green", {"replicas": 3}),
		_hpa("Deployment", "web-blue"),
	]
	count(hpa_static_replicas.deny) == 0 with input as _combined(docs)
}

test_hpa_must_match_kind_group_and_namespace if {
	count(hpa_static_replicas.deny) == 0 with input as _combined([_workload("Deployment", "web", {"replicas": 3}), _hpa("StatefulSet", "web")])
	other_group := json.patch(_hpa("Deployment", "web"), [{"op": "replace", "path": "/spec/scaleTargetRef/apiVersion", "value": "argoproj.io/v1alpha1"}])
	count(hpa_static_replicas.deny) == 0 with input as _combined([_workload("Deployment", "web", {"replicas": 3}), other_group])
	other_namespace := json.patch(_hpa("Deployment", "web"), [{"op": "replace", "path": "/metadata/namespace", "value": "other"}])
	count(hpa_static_replicas.deny) == 0 with input as _combined([_workload("Deployment", "web", {"replicas": 3}), other_namespace])
}

test_single_document_input_gives_nothing if {
	count(hpa_static_replicas.deny) == 0 with input as {"kind": "List", "items": [_workload("Deployment", "web", {"replicas": 3}), _hpa("Deployment", "web")]}
}

test_waived if {
	waived := json.patch(_workload("Deployment", "web", {"replicas": 3}), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-cross-hpa-static-replicas": "applied once with --server-side, replicas owned by the HPA"},
	}])
	docs := [waived, _hpa("Deployment", "web")]
	count(hpa_static_replicas.deny) == 0 with input as _combined(docs)
	count(hpa_static_replicas.warn) == 1 with input as _combined(docs)
}
