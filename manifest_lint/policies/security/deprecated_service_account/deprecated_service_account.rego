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

deny := findings.unwaived(rego.metadata.chain(), _violations)

warn := findings.waived(rego.metadata.chain(), _violations)

_violations contains findings.problem(pod.object, null, msg) if {
	some pod in k8s.pods
	value := pod.spec.serviceAccount
	msg := sprintf("%s is set (%q); use serviceAccountName", [k8s.pod_path(pod.object, "spec.serviceAccount"), value])
}
