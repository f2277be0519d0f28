# METADATA
# title: Host namespaces
# description: |
#   Sharing the host network, PID or IPC namespace lets a pod see and reach host processes and
#   interfaces. Pod Security Standards Baseline forbids spec.hostNetwork, spec.hostPID and
#   spec.hostIPC set to true.
# scope: package
# custom:
#   id: pss-host-namespaces
#   severity: high
#   pss: baseline
#   kinds: [workloads]
#   remediation: Remove spec.hostNetwork, spec.hostPID and spec.hostIPC from the pod spec, or set them to false.
package pss.baseline.host_namespaces

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_host_namespace_fields := ["hostNetwork", "hostPID", "hostIPC"]

_violations contains findings.problem(pod.object, null, detail) if {
	some pod in k8s.pods
	some field, value in object.filter(pod.spec, _host_namespace_fields)
	value == true
	detail := sprintf("%s is true", [k8s.pod_path(pod.object, concat(".", ["spec", field]))])
}
