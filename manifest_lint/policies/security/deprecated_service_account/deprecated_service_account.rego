# METADATA
# title: Deprecated serviceAccount field
# description: |
#   spec.serviceAccount is a deprecated alias of spec.serviceAccountName. (kube-linter
#   deprecated-service-account-field.)
# scope: package
# custom:
#   id: sec-deprecated-service-account-field
#   severity: low
#   kinds: [workloads]
#   remediation: Rename spec.serviceAccount to spec.serviceAccountName.
package security.deprecated_service_account

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(pod.object, null, msg) if {
	some pod in k8s.pods
	value := pod.spec.serviceAccount
	msg := sprintf("%s is set (%q); use serviceAccountName", [k8s.pod_path(pod.object, "spec.serviceAccount"), value])
}
