# METADATA
# title: Job ttlSecondsAfterFinished
# description: |
#   Finished Jobs and their pods stay in the cluster forever unless ttlSecondsAfterFinished is
#   set. Jobs created by a CronJob (or another controller) are cleaned up by it and exempt.
#   (kube-linter, Kyverno.)
# scope: package
# custom:
#   id: avail-job-ttl
#   severity: low
#   kinds: [Job]
#   remediation: Set spec.ttlSecondsAfterFinished.
package availability.job_ttl

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(obj, null, "spec.ttlSecondsAfterFinished is not set") if {
	some obj in k8s.objects_of("Job")
	count(object.get(obj, ["metadata", "ownerReferences"], [])) == 0
	not "ttlSecondsAfterFinished" in object.keys(object.get(obj, "spec", {}))
}
