package availability.pdb_blocks_eviction_test

import data.availability.pdb_blocks_eviction

_combined(docs) := [{"path": "manifests.yaml", "contents": doc} | some doc in docs]

_pdb(budget) := {
	"apiVersion": "policy/v1",
	"kind": "PodDisruptionBudget",
	"metadata": {"name": "pods", "namespace": "mon"},
	"spec": object.union({"selector": {"matchLabels": {"app": "x"}}}, budget),
}

_alertmanager(spec) := {
	"apiVersion": "monitoring.coreos.com/v1",
	"kind": "Alertmanager",
	"metadata": {"name": "main", "namespace": "mon"},
	"spec": spec,
}

_am_pdb(budget) := json.patch(_pdb(budget), [{"op": "replace", "path": "/spec/selector", "value": {"matchLabels": {"alertmanager": "main"}}}])

_workload(kind, spec) := {
	"apiVersion": "apps/v1",
	"kind": kind,
	"metadata": {"name": "x", "namespace": "mon"},
	"spec": object.union({"template": {"metadata": {"labels": {"app": "x"}}}}, spec),
}

_cronjob := {
	"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "x", "namespace": "mon"},
	"spec": {"jobTemplate": {"spec": {"template": {"metadata": {"labels": {"app": "x"}}}}}},
}

test_per_document_max_unavailable_zero_denied if {
	some f in pdb_blocks_eviction.deny with input as _pdb({"maxUnavailable": 0})
	f.rule_id == "avail-pdb-blocks-eviction"
	f.msg == "avail-pdb-blocks-eviction: PodDisruptionBudget/mon/pods: maxUnavailable 0 allows no voluntary disruption of any pod it selects"
	some g in pdb_blocks_eviction.deny with input as {"kind": "List", "items": [_pdb({"maxUnavailable": "0%"})]}
	contains(g.msg, `maxUnavailable "0%" allows no voluntary disruption of any pod it selects`)
}

test_per_document_min_available_all_denied if {
	some f in pdb_blocks_eviction.deny with input as _pdb({"minAvailable": "100%"})
	contains(f.msg, `minAvailable "100%" allows no voluntary disruption of any pod it selects`)
}

test_per_document_other_budgets_allowed if {
	every budget in [{"maxUnavailable": 1}, {"maxUnavailable": "10%"}, {"minAvailable": "99%"}, {"minAvailable": 5}, {}, {"maxUnavailable": 1, "minAvailable": "100%"}] {
		count(pdb_blocks_eviction.deny) == 0 with input as _pdb(budget)
	}
}

test_combined_workloads_left_to_cross_pdb_allows_disruption if {
	count(pdb_blocks_eviction.deny) == 0 with input as _combined([_workload("Deployment", {"replicas": 3}), _pdb({"maxUnavailable": 0})])
	count(pdb_blocks_eviction.deny) == 0 with input as _combined([_workload("StatefulSet", {}), _cronjob, _pdb({"minAvailable": "100%"})])
}

test_combined_selecting_nothing_left_to_cross_pdb_selects if {
	count(pdb_blocks_eviction.deny) == 0 with input as _combined([_pdb({"maxUnavailable": 0})])
}

test_combined_daemonset_ignored if {
	count(pdb_blocks_eviction.deny) == 0 with input as _combined([_workload("DaemonSet", {}), _pdb({"maxUnavailable": 0})])
}

test_combined_job_pods_denied if {
	some f in pdb_blocks_eviction.deny with input as _combined([_cronjob, _pdb({"maxUnavailable": 0})])
	f.msg == `avail-pdb-blocks-eviction: PodDisruptionBudget/mon/pods: maxUnavailable 0 allows no voluntary disruption of the pods of CronJob "x"`
	job := json.patch(_workload("Job", {}), [{"op": "replace", "path": "/apiVersion", "value": "batch/v1"}])
	count(pdb_blocks_eviction.deny) == 1 with input as _combined([job, _pdb({"minAvailable": "100%"})])
	count(pdb_blocks_eviction.deny) == 0 with input as _combined([job, _pdb({"minAvailable": 1})])
}

test_combined_operator_min_available_denied if {
	some f in pdb_blocks_eviction.deny with input as _combined([_alertmanager({}), _am_pdb({"minAvailable": 1})])
	f.msg == concat("", [
		`avail-pdb-blocks-eviction: PodDisruptionBudget/mon/pods: minAvailable 1 keeps 1 of the 1 replicas of Alertmanager "main" `,
		`(spec.replicas unset, default 1) available, so no voluntary disruption is allowed`,
	])
	some g in pdb_blocks_eviction.deny with input as _combined([_alertmanager({"replicas": 2}), _am_pdb({"minAvailable": "60%"})])
	contains(g.msg, `minAvailable "60%" keeps 2 of the 2 replicas of Alertmanager "main" (spec.replicas)`)
	count(pdb_blocks_eviction.deny) == 0 with input as _combined([_alertmanager({"replicas": 3}), _am_pdb({"minAvailable": 2})])
	count(pdb_blocks_eviction.deny) == 0 with input as _combined([_alertmanager({"replicas": 2}), _am_pdb({"minAvailable": "50%"})])
}

test_combined_operator_max_unavailable if {
	some f in pdb_blocks_eviction.deny with input as _combined([_alertmanager({"replicas": 3}), _am_pdb({"maxUnavailable": "0%"})])
	contains(f.msg, `maxUnavailable "0%" allows no voluntary disruption of the 3 replicas of Alertmanager "main" (spec.replicas)`)
	count(pdb_blocks_eviction.deny) == 0 with input as _combined([_alertmanager({"replicas": 3}), _am_pdb({"maxUnavailable": "10%"})])

	# maxUnavailable wins over minAvailable, as in the disruption controller.
	count(pdb_blocks_eviction.deny) == 1 with input as _combined([_alertmanager({"replicas": 3}), _am_pdb({"maxUnavailable": 0, "minAvailable": 1})])
	count(pdb_blocks_eviction.deny) == 0 with input as _combined([_alertmanager({"replicas": 3}), _am_pdb({"maxUnavailable": 1, "minAvailable": 3})])
}

test_combined_sharded_prometheus_ignored if {
	prometheus := {"apiVersion": "monitoring.coreos.com/v1", "kind": "Prometheus", "metadata": {"name": "k8s", "namespace": "mon"}, "spec": {"replicas": 2, "shards": 2}}
	pdb := json.patch(_pdb({"minAvailable": 2}), [{"op": "replace", "path": "/spec/selector", "value": {"matchLabels": {"prometheus": "k8s"}}}])
	count(pdb_blocks_eviction.deny) == 0 with input as _combined([prometheus, pdb])
	single := json.patch(prometheus, [{"op": "replace", "path": "/spec/shards", "value": 1}])
	count(pdb_blocks_eviction.deny) == 1 with input as _combined([single, pdb])
}

test_waived if {
	pdb := json.patch(_pdb({"maxUnavailable": 0}), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-avail-pdb-blocks-eviction": "single-writer database; drains are coordinated by hand"},
	}])
	count(pdb_blocks_eviction.deny) == 0 with input as pdb
	count(pdb_blocks_eviction.warn) == 1 with input as pdb
}
