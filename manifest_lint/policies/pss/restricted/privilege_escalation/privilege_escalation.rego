# METADATA
# title: Privilege escalation
# description: |
#   Privilege escalation through set-user-ID or set-group-ID binaries must be turned off. Pod
#   Security Standards Restricted requires securityContext.allowPrivilegeEscalation: false,
#   set explicitly, on every container, init and ephemeral ones included. Pods with
#   spec.os.name: windows are exempt (Kubernetes 1.25 and later).
# scope: package
# custom:
#   id: pss-privilege-escalation
#   severity: medium
#   pss: restricted
#   kinds: [workloads]
#   remediation: Set securityContext.allowPrivilegeEscalation to false on every container.
package pss.restricted.privilege_escalation

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, detail) if {
	some g in k8s.container_groups
	not g.windows
	not _escalation_disabled(g.container)
	detail := sprintf("securityContext.allowPrivilegeEscalation is %s (must be false)", [_shown(g.container)])
	some c in g.members
}

_escalation_disabled(container) if k8s.security_context(container).allowPrivilegeEscalation == false

_shown(container) := json.marshal(value) if {
	value := k8s.security_context(container).allowPrivilegeEscalation
	value != null
} else := "not set"
