# METADATA
# title: Non-root groups
# description: |
#   Group 0 (root) owns many files on the node and in images. runAsGroup, fsGroup and
#   supplementalGroups must not be 0. (Kyverno require-non-root-groups.)
# scope: package
# custom:
#   id: sec-root-group
#   severity: medium
#   kinds: [workloads]
#   remediation: Set runAsGroup, fsGroup and supplementalGroups to non-zero group IDs.
package security.root_group

import data.lib.findings
import data.lib.kubernetes as k8s

deny := findings.unwaived(rego.metadata.chain(), _violations)

warn := findings.waived(rego.metadata.chain(), _violations)

_violations contains findings.problem(pod.object, null, msg) if {
	some pod in k8s.pods
	some field in ["runAsGroup", "fsGroup"]
	k8s.pod_security_context(pod.spec)[field] == 0
	msg := sprintf("%s is 0", [k8s.pod_path(pod.object, sprintf("spec.securityContext.%s", [field]))])
}

_violations contains findings.problem(pod.object, null, msg) if {
	some pod in k8s.pods
	0 in k8s.pod_security_context(pod.spec).supplementalGroups
	msg := sprintf("%s includes 0", [k8s.pod_path(pod.object, "spec.securityContext.supplementalGroups")])
}

_violations contains findings.problem(c.object, c.name, "securityContext.runAsGroup is 0") if {
	some c in k8s.containers
	k8s.security_context(c.container).runAsGroup == 0
}
