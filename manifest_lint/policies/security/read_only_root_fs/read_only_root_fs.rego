# METADATA
# title: Read-only root filesystem
# description: |
#   A writable root filesystem lets an attacker drop tools and change binaries. Every container
#   should set securityContext.readOnlyRootFilesystem: true and write only to mounted volumes.
#   (Polaris notReadOnlyRootFilesystem, kube-linter no-read-only-root-fs, checkov CKV_K8S_22.)
# scope: package
# custom:
#   id: sec-read-only-root-fs
#   severity: medium
#   kinds: [workloads]
#   remediation: Set securityContext.readOnlyRootFilesystem to true and mount an emptyDir where the app must write.
package security.read_only_root_fs

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, msg) if {
	some g in k8s.container_groups
	not _read_only(g.container)
	value := object.get(g.security_context, "readOnlyRootFilesystem", "not set")
	msg := sprintf("securityContext.readOnlyRootFilesystem is %v, want true", [value])
	some c in g.members
}

_read_only(container) if k8s.security_context(container).readOnlyRootFilesystem == true
