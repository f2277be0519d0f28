# METADATA
# title: Replicated workloads have a PodDisruptionBudget
# description: |
#   A Deployment, StatefulSet or ReplicaSet that runs several replicas (spec.replicas >= 2,
#   or targeted by a HorizontalPodAutoscaler with minReplicas >= 2) should be selected by a
#   PodDisruptionBudget in its namespace, so node drains cannot evict all its pods at once.
#   Compared across all rendered documents (`conftest test --combine`).
# scope: package
# custom:
#   id: cross-workload-pdb
#   severity: medium
#   kinds: [Deployment, StatefulSet, ReplicaSet]
#   combine: true
#   remediation: Add a PodDisruptionBudget (e.g. maxUnavailable 1) whose selector matches the pod labels.
package cross.workload_has_pdb

import data.lib.findings
import data.lib.kubernetes as k8s
import data.lib.selectors

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_replicated_kinds := {"Deployment", "StatefulSet", "ReplicaSet"}

_violations contains findings.problem(workload, null, detail) if {
	some workload in selectors.workload_list
	workload.kind in _replicated_kinds
	not _has_pdb(workload)
	reason := _replicated(workload)
	labels := selectors.pod_labels(workload)
	namespace := selectors.namespace_text(workload)
	detail := sprintf("%s, but no PodDisruptionBudget in %s selects its pods (labels %v)", [reason, namespace, labels])
}

_replicated(workload) := sprintf("spec.replicas is %v", [n]) if {
	n := selectors.spec_replicas(workload)
	is_number(n)
	n >= 2
} else := sprintf("HorizontalPodAutoscaler minReplicas is %v", [n]) if {
	n := selectors.hpa_min_replicas(workload)
	is_number(n)
	n >= 2
}

_has_pdb(workload) if {
	some pdb in selectors.selecting("PodDisruptionBudget", workload)
	selectors.pdb_selects(pdb, workload)
}
