package cross.workload_has_pdb_test

import data.cross.workload_has_pdb

_combined(docs) := [{"path": "manifests.yaml", "contents": doc} | some doc in docs]

_deployment(replicas) := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"replicas": replicas, "template": {"metadata": {"labels": {"app": "web"}}}},
}

_pdb(selector) := {
	"apiVersion": "policy/v1",
	"kind": "PodDisruptionBudget",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"maxUnavailable": 1, "selector": selector},
}

_hpa(min_replicas) := {
	"apiVersion": "autoscaling/v2",
	"kind": "HorizontalPodAutoscaler",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {
		"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
		"minReplicas": min_replicas, "maxReplicas": 10,
	},
}

test_replicated_workload_with_pdb_allowed if {
	docs := [_deployment(3), _pdb({"matchLabels": {"app": "web"}})]
	count(workload_has_pdb.deny) == 0 with input as _combined(docs)
}

test_replicated_workload_without_pdb_denied if {
	some f in workload_has_pdb.deny with input as _combined([_deployment(3)])
	f.rule_id == "cross-workload-pdb"
	f.kind == "Deployment"
	f.msg == concat("", [
		`cross-workload-pdb: Deployment/shop/web: spec.replicas is 3, but no PodDisruptionBudget `,
		`in namespace "shop" selects its pods (labels {"app": "web"})`,
	])
}

test_pdb_selecting_other_pods_denied if {
	docs := [_deployment(2), _pdb({"matchLabels": {"app": "api"}})]
	count(workload_has_pdb.deny) == 1 with input as _combined(docs)
}

test_single_replica_allowed if {
	count(workload_has_pdb.deny) == 0 with input as _combined([_deployment(1)])
	count(workload_has_pdb.deny) == 0 with input as _combined([json.remove(_deployment(1), ["spec/replicas"])])
}

test_hpa_min_replicas_counts if {
	count(workload_has_pdb.deny) == 0 with input as _combined([_deployment(1), _hpa(1)])
	some f in workload_has_pdb.deny with input as _combined([_deployment(1), _hpa(2)])
	contains(f.msg, "HorizontalPodAutoscaler minReplicas is 2, but no PodDisruptionBudget")
}

test_daemonset_ignored if {
	daemonset := json.patch(_deployment(3), [{"op": "replace", "path": "/kind", "value": "DaemonSet"}])
	count(workload_has_pdb.deny) == 0 with input as _combined([daemonset])
}

test_single_document_input_gives_nothing if {
	count(workload_has_pdb.deny) == 0 with input as _deployment(3)
}
