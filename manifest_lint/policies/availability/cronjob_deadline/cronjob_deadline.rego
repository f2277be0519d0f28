# METADATA
# title: CronJob startingDeadlineSeconds
# description: |
#   Without startingDeadlineSeconds a CronJob that misses more than 100 schedules (controller
#   downtime, suspended) stops being scheduled, and a late run may start at any time.
#   (kube-score cronjob-has-deadline.)
# scope: package
# custom:
#   id: avail-cronjob-deadline
#   severity: low
#   kinds: [CronJob]
#   remediation: Set spec.startingDeadlineSeconds to how late a run may still start.
package availability.cronjob_deadline

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(obj, null, "spec.startingDeadlineSeconds is not set") if {
	some obj in k8s.objects_of("CronJob")
	not obj.spec.startingDeadlineSeconds
}
