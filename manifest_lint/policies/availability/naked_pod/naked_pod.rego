# METADATA
# title: No naked Pods
# description: |
#   A Pod without a controller is not rescheduled when its node fails or is drained.
#   (kube-score, Polaris, conftest examples.)
# scope: package
# custom:
#   id: avail-naked-pod
#   severity: medium
#   kinds: [Pod]
#   remediation: Run the pod from a Deployment, StatefulSet, DaemonSet or Job.
package availability.naked_pod

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(obj, null, "the Pod has no controller (metadata.ownerReferences is empty)") if {
	some obj in k8s.objects_of("Pod")
	obj.apiVersion == "v1"
	count(object.get(obj, ["metadata", "ownerReferences"], [])) == 0
}
