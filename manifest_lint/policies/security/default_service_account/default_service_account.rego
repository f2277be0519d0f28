# METADATA
# title: Dedicated service account
# description: |
#   Pods that run as the namespace's "default" ServiceAccount share its permissions with every
#   other such pod. Each workload should name its own serviceAccountName.
#   (checkov CKV_K8S_41, Kubescape, kube-linter default-service-account.)
# scope: package
# custom:
#   id: sec-default-service-account
#   severity: medium
#   kinds: [workloads]
#   remediation: Create a ServiceAccount for the workload and set spec.serviceAccountName to it.
package security.default_service_account

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(pod.object, null, msg) if {
	some pod in k8s.pods
	account := _account(object.get(pod.spec, "serviceAccountName", ""), object.get(pod.spec, "serviceAccount", ""))
	account == "default"
	msg := sprintf("%s is %q, the namespace's default ServiceAccount", [k8s.pod_path(pod.object, "spec.serviceAccountName"), account])
}

_violations contains findings.problem(pod.object, null, msg) if {
	some pod in k8s.pods
	not _account(object.get(pod.spec, "serviceAccountName", ""), object.get(pod.spec, "serviceAccount", ""))
	msg := sprintf("%s is not set, so the pod runs as the default ServiceAccount", [k8s.pod_path(pod.object, "spec.serviceAccountName")])
}

# The deprecated spec.serviceAccount is the fallback for an unset serviceAccountName. (Called with
# the two fields, not the spec: a function called with a pod spec compares the whole spec each
# time OPA's call cache answers it.)
_account(name, _) := name if {
	is_string(name)
	name != ""
}

_account(name, deprecated) := deprecated if {
	name == ""
	is_string(deprecated)
	deprecated != ""
}
