# METADATA
# title: HostPath volumes
# description: |
#   A hostPath volume mounts a file or directory of the node into the pod, which can expose the
#   container runtime socket, credentials or the whole host filesystem. Pod Security Standards
#   Baseline forbids spec.volumes[*].hostPath.
# scope: package
# custom:
#   id: pss-host-path-volumes
#   severity: high
#   pss: baseline
#   restricted_replaced_by: pss-volume-types
#   kinds: [workloads]
#   remediation: Replace the hostPath volume with a configMap, secret, emptyDir, persistentVolumeClaim or CSI volume.
package pss.baseline.host_path_volumes

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(pod.object, null, detail) if {
	some pod in k8s.pods
	some i, volume in object.get(pod.spec, "volumes", [])
	volume.hostPath != null
	detail := sprintf("%s[%d] %q is a hostPath volume (path %q)", [
		k8s.pod_path(pod.object, "spec.volumes"),
		i,
		object.get(volume, "name", ""),
		object.get(volume.hostPath, "path", ""),
	])
}
