# METADATA
# title: PodDisruptionBudget selects pods
# description: |
#   A PodDisruptionBudget whose spec.selector (matchLabels and matchExpressions with In,
#   NotIn, Exists and DoesNotExist) matches the pods of no workload in its namespace protects
#   nothing. The pods of custom resources that an operator turns into pods (lib.selectors
#   operator_pods: Prometheus, PrometheusAgent, Alertmanager and ThanosRuler of
#   monitoring.coreos.com) count, with the labels the operator gives them. Compared across all
#   rendered documents (`conftest test --combine`). As in policy/v1, an empty selector selects
#   every pod of the namespace and a missing one none.
# scope: package
# custom:
#   id: cross-pdb-selects
#   severity: medium
#   kinds: [PodDisruptionBudget]
#   combine: true
#   remediation: Make spec.selector match the pod template labels of the workload the budget protects.
package cross.pdb_selects

import data.lib.findings
import data.lib.kubernetes as k8s
import data.lib.selectors

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(pdb, null, detail) if {
	some pdb in selectors.objects_of_kind("PodDisruptionBudget")
	not _selects_some_workload(pdb)
	detail := _detail(pdb)
}

_selects_some_workload(pdb) if {
	some workload in selectors.selector_candidates(k8s.namespace(pdb), selectors.pdb_selector(pdb))
	selectors.pdb_selects(pdb, workload)
}

_detail(pdb) := "spec.selector is missing, so it selects no pods" if {
	selectors.pdb_selector(pdb) == null
} else := sprintf("selector %v matches no workload in %s", [selectors.pdb_selector(pdb), selectors.namespace_text(pdb)])
