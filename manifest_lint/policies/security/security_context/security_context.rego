# METADATA
# title: Security context present
# description: |
#   Containers without a securityContext run with every runtime default (root, writable root
#   filesystem, default capabilities). Every container and init container should declare one.
#   (checkov CKV_K8S_30, Kubescape.)
# scope: package
# custom:
#   id: sec-security-context
#   severity: medium
#   kinds: [workloads]
#   remediation: Add a securityContext to the container (runAsNonRoot, readOnlyRootFilesystem, capabilities.drop ALL, allowPrivilegeEscalation false).
package security.security_context

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, msg) if {
	some g in k8s.container_groups
	g.type != "ephemeralContainers"
	count(g.security_context) == 0
	msg := sprintf("%s[].securityContext is not set or empty", [g.type])
	some c in g.members
}
