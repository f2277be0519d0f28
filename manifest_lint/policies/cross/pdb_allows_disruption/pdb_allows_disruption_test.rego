package cross.pdb_allows_disruption_test

import data.cross.pdb_allows_disruption

_combined(docs) := [{"path": "manifests.yaml", "contents": doc} | some doc in docs]

_deployment(replicas) := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"replicas": replicas, "template": {"metadata": {"labels": {"app": "web"}}}},
}

_pdb(budget) := {
	"apiVersion": "policy/v1",
	"kind": "PodDisruptionBudget",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": object.union({"selector": {"matchLabels": {"app": "web"}}}, budget),
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

test_min_available_below_replicas_allowed if {
	count(pdb_allows_disruption.deny) == 0 with input as _combined([_deployment(3), _pdb({"minAvailable": 2})])
}

test_min_available_equal_to_replicas_denied if {
	some f in pdb_allows_disruption.deny with input as _combined([_deployment(2), _pdb({"minAvailable": 2})])
	f.rule_id == "cross-pdb-allows-disruption"
	f.kind == "PodDisruptionBudget"
	f.msg == concat("", [
		`cross-pdb-allows-disruption: PodDisruptionBudget/shop/web: minAvailable 2 keeps 2 of the `,
		`2 replicas of Deployment "web" (spec.replicas) available, so no voluntary disruption is allowed`,
	])
}

test_default_single_replica_denied if {
	deployment := json.remove(_deployment(1), ["spec/replicas"])
	some f in pdb_allows_disruption.deny with input as _combined([deployment, _pdb({"minAvailable": 1})])
	contains(f.msg, `1 replicas of Deployment "web" (spec.replicas unset, default 1)`)
}

test_min_available_percentage_rounds_up if {
	count(pdb_allows_disruption.deny) == 0 with input as _combined([_deployment(2), _pdb({"minAvailable": "50%"})])
	some f in pdb_allows_disruption.deny with input as _combined([_deployment(2), _pdb({"minAvailable": "60%"})])
	contains(f.msg, `minAvailable "60%" keeps 2 (rounded up) of the 2 replicas`)
}

test_max_unavailable_zero_denied if {
	count(pdb_allows_disruption.deny) == 1 with input as _combined([_deployment(3), _pdb({"maxUnavailable": "0%"})])
	some f in pdb_allows_disruption.deny with input as _combined([_deployment(3), _pdb({"maxUnavailable": 0})])
	contains(f.msg, `maxUnavailable 0 allows no voluntary disruption of the 3 replicas of Deployment "web"`)
}

test_max_unavailable_percentage_rounds_up if {
	# 10% of 3 replicas is 0.3 pods: the disruption controller rounds up to 1, so one pod may go.
	count(pdb_allows_disruption.deny) == 0 with input as _combined([_deployment(3), _pdb({"maxUnavailable": "10%"})])
	count(pdb_allows_disruption.deny) == 0 with input as _combined([_deployment(1), _pdb({"maxUnavailable": 1})])
}

test_max_unavailable_wins_over_min_available if {
	docs := [_deployment(2), _pdb({"maxUnavailable": 1, "minAvailable": 2})]
	count(pdb_allows_disruption.deny) == 0 with input as _combined(docs)
}

test_hpa_min_replicas_used if {
	# spec.replicas 1 would block, but the HPA keeps at least 3 replicas.
	count(pdb_allows_disruption.deny) == 0 with input as _combined([_deployment(1), _hpa(3), _pdb({"minAvailable": 2})])

	# spec.replicas 5 would allow, but the HPA may scale down to 2.
	some f in pdb_allows_disruption.deny with input as _combined([_deployment(5), _hpa(2), _pdb({"minAvailable": 2})])
	contains(f.msg, `2 replicas of Deployment "web" (HorizontalPodAutoscaler minReplicas)`)
}

test_invalid_value_denied if {
	some f in pdb_allows_disruption.deny with input as _combined([_deployment(3), _pdb({"minAvailable": "2"})])
	contains(f.msg, `minAvailable "2" is neither an integer nor a percentage`)
}

test_unselected_and_daemonset_ignored if {
	daemonset := json.patch(_deployment(3), [{"op": "replace", "path": "/kind", "value": "DaemonSet"}])
	count(pdb_allows_disruption.deny) == 0 with input as _combined([daemonset, _pdb({"minAvailable": 5})])
}

test_single_document_input_gives_nothing if {
	count(pdb_allows_disruption.deny) == 0 with input as _pdb({"minAvailable": 5})
}
