# METADATA
# title: PodDisruptionBudget sets a budget
# description: |
#   A policy/v1 PodDisruptionBudget that sets neither spec.minAvailable nor spec.maxUnavailable
#   states no budget: the disruption controller then requires no pod to stay healthy and allows
#   every selected pod to be evicted at once, while the workload looks protected (so
#   cross-workload-pdb stays quiet). (policy/v1beta1 defaulted minAvailable to 1; that version
#   is gone since Kubernetes 1.25 and api-removed-version reports it.) Medium, like a missing
#   PodDisruptionBudget (cross-workload-pdb). (kube-score poddisruptionbudget-has-policy.)
# scope: package
# custom:
#   id: avail-pdb-policy
#   severity: medium
#   kinds: [PodDisruptionBudget]
#   remediation: Set spec.maxUnavailable (1 or a percentage) or spec.minAvailable.
package availability.pdb_policy

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(obj, null, detail) if {
	some obj in k8s.objects_of("PodDisruptionBudget")
	obj.apiVersion == "policy/v1"
	object.get(obj, ["spec", "minAvailable"], null) == null
	object.get(obj, ["spec", "maxUnavailable"], null) == null
	detail := "sets neither spec.minAvailable nor spec.maxUnavailable, so it allows every pod it selects to be evicted at once"
}
