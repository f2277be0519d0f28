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

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(pod.object, null, msg) if {
	some pod in k8s.pods
	some field in ["runAsGroup", "fsGroup"]
	pod.security_context[field] == 0
	msg := sprintf("%s is 0", [k8s.pod_path(pod.object, sprintf("spec.securityContext.%s", [field]))])
}

_violations contains findings.problem(pod.object, null, msg) if {
	some pod in k8s.pods
	0 in pod.security_context.supplementalGroups
	msg := sprintf("%s includes 0", [k8s.pod_path(pod.object, "spec.securityContext.supplementalGroups")])
}

_violations contains findings.problem(c.object, c.name, "securityContext.runAsGroup is 0") if {
	some g in k8s.container_groups
	g.security_context.runAsGroup == 0
	some c in g.members
}
