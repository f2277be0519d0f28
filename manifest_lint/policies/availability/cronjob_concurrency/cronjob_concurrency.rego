# METADATA
# title: CronJob concurrencyPolicy
# description: |
#   The default concurrencyPolicy Allow starts a new run while the previous one is still going,
#   so slow runs pile up. Choose Forbid or Replace explicitly. (kube-score, Kyverno.)
# scope: package
# custom:
#   id: avail-cronjob-concurrency
#   severity: medium
#   kinds: [CronJob]
#   remediation: Set spec.concurrencyPolicy to Forbid or Replace (or waive with the reason runs may overlap).
package availability.cronjob_concurrency

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(obj, null, msg) if {
	some obj in k8s.objects_of("CronJob")
	policy := object.get(obj, ["spec", "concurrencyPolicy"], "not set (Allow)")
	not policy in {"Forbid", "Replace"}
	msg := sprintf("spec.concurrencyPolicy is %v, want Forbid or Replace", [policy])
}
