# METADATA
# title: Service account token not mounted by default
# description: |
#   Most pods never call the Kubernetes API, yet get a token that can. ServiceAccounts should
#   set automountServiceAccountToken: false, and pods must not turn it back on with
#   automountServiceAccountToken: true unless they need the API (waive those).
#   (Polaris automountServiceAccountToken, checkov CKV_K8S_38, Kubescape.)
# scope: package
# custom:
#   id: sec-automount-sa-token
#   severity: medium
#   kinds: [workloads, ServiceAccount]
#   remediation: Set automountServiceAccountToken to false on the ServiceAccount, and leave it unset or false on the pod.
package security.automount_token

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(pod.object, null, msg) if {
	some pod in k8s.pods
	pod.spec.automountServiceAccountToken == true
	msg := sprintf("%s is true", [k8s.pod_path(pod.object, "spec.automountServiceAccountToken")])
}

_violations contains findings.problem(obj, null, msg) if {
	some obj in k8s.objects_of("ServiceAccount")
	not obj.automountServiceAccountToken == false
	msg := sprintf("automountServiceAccountToken is %v, want false", [object.get(obj, "automountServiceAccountToken", "not set")])
}
