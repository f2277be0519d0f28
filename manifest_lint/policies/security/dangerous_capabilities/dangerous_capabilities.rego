# METADATA
# title: No SYS_ADMIN or NET_ADMIN capability
# description: |
#   SYS_ADMIN is close to root on the node and NET_ADMIN lets a container rewrite the node's
#   network. Adding either (or ALL) is flagged. (checkov CKV_K8S_39, kube-linter, Polaris.)
# scope: package
# custom:
#   id: sec-dangerous-capabilities
#   severity: high
#   kinds: [workloads]
#   remediation: Remove SYS_ADMIN, NET_ADMIN and ALL from securityContext.capabilities.add.
package security.dangerous_capabilities

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_dangerous := {"ALL", "SYS_ADMIN", "NET_ADMIN"}

_violations contains findings.problem(c.object, c.name, msg) if {
	some g in k8s.container_groups
	some cap in g.security_context.capabilities.add
	trim_prefix(upper(cap), "CAP_") in _dangerous
	msg := sprintf("securityContext.capabilities.add includes %q", [cap])
	some c in g.members
}
