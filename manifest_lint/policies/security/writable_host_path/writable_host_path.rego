# METADATA
# title: hostPath volumes mounted read-only
# description: |
#   A container that mounts a hostPath volume without readOnly: true can write to the node's
#   filesystem. (kube-linter writable-host-mount, Kubescape.)
# scope: package
# custom:
#   id: sec-writable-host-path
#   severity: medium
#   kinds: [workloads]
#   remediation: Set readOnly to true on every volumeMount of a hostPath volume.
package security.writable_host_path

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, msg) if {
	some g in k8s.container_groups
	some c in g.members
	host_volumes := {v.name: v.hostPath.path | some v in object.get(c.pod.spec, "volumes", []); v.hostPath}
	some mount in object.get(g.container, "volumeMounts", [])
	not mount.readOnly == true
	path := host_volumes[mount.name]
	msg := sprintf("volumeMounts %q mounts hostPath %q writable (readOnly is not true)", [mount.name, path])
}
