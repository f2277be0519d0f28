package availability.replicas_test

import data.availability.replicas

_deploy(spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": spec}

test_one_replica_denied if {
	some f in replicas.deny with input as _deploy({"replicas": 1})
	f.rule_id == "avail-replicas"
	f.container == null
	f.msg == "avail-replicas: Deployment/shop/web: spec.replicas is 1, want at least 2"
}

test_omitted_allowed if {
	count(replicas.deny) == 0 with input as _deploy({})
}

test_two_allowed if {
	count(replicas.deny) == 0 with input as _deploy({"replicas": 2})
}

test_daemonset_ignored if {
	count(replicas.deny) == 0 with input as {"kind": "DaemonSet", "metadata": {"name": "d"}, "spec": {"replicas": 1}}
}

_combined(docs) := [{"path": "manifests.yaml", "contents": doc} | some doc in docs]

_hpa(kind, name, min_replicas) := {
	"apiVersion": "autoscaling/v2",
	"kind": "HorizontalPodAutoscaler",
	"metadata": {"name": "hpa", "namespace": "shop"},
	"spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": kind, "name": name}, "minReplicas": min_replicas, "maxReplicas": 5},
}

test_omitted_without_hpa_denied_when_combined if {
	some f in replicas.deny with input as _combined([_deploy({})])
	f.msg == `avail-replicas: Deployment/shop/web: spec.replicas is not set, so it runs 1 pod, and no HorizontalPodAutoscaler in namespace "shop" targets it; want at least 2`
	statefulset := {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db", "namespace": "shop"}, "spec": {"replicas": null}}
	count(replicas.deny) == 1 with input as _combined([statefulset])
}

test_omitted_with_hpa_allowed_when_combined if {
	count(replicas.deny) == 0 with input as _combined([_deploy({}), _hpa("Deployment", "web", 2)])
	statefulset := {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db", "namespace": "shop"}, "spec": {}}
	count(replicas.deny) == 0 with input as _combined([statefulset, _hpa("StatefulSet", "db", 3)])
}

test_hpa_for_another_workload_does_not_count if {
	count(replicas.deny) == 1 with input as _combined([_deploy({}), _hpa("Deployment", "api", 2)])
	count(replicas.deny) == 1 with input as _combined([_deploy({}), _hpa("StatefulSet", "web", 2)])
	other_namespace := json.patch(_hpa("Deployment", "web", 2), [{"op": "replace", "path": "/metadata/namespace", "value": "other"}])
	count(replicas.deny) == 1 with input as _combined([_deploy({}), other_namespace])
}

test_explicit_replicas_checked_when_combined if {
	docs := [_deploy({"replicas": 1}), _hpa("Deployment", "web", 2)]
	some f in replicas.deny with input as _combined(docs)
	f.msg == "avail-replicas: Deployment/shop/web: spec.replicas is 1, want at least 2"
	count(replicas.deny) == 0 with input as _combined([_deploy({"replicas": 3})])
}

test_omitted_in_a_list_accepted_per_document if {
	# Not combined: the HPAs of other documents are out of sight.
	count(replicas.deny) == 0 with input as {"kind": "List", "items": [_deploy({})]}
}
