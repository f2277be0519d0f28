# METADATA
# title: Capabilities beyond the default set
# description: |
#   Pod Security Standards Baseline lets containers add only the capabilities a container runtime
#   grants by default: AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD,
#   NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT. Names are matched exactly,
#   as upstream does, so "CAP_SYS_ADMIN" or "sys_admin" count as non-default too. Every container is
#   checked, init and ephemeral ones included; Windows pods are not exempt.
# scope: package
# custom:
#   id: pss-capabilities-baseline
#   severity: high
#   pss: baseline
#   restricted_replaced_by: pss-capabilities-restricted
#   kinds: [workloads]
#   remediation: Remove the capability from securityContext.capabilities.add, keeping only the default set.
package pss.baseline.capabilities_baseline

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_allowed := {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
	"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
}

_violations contains findings.problem(c.object, c.name, detail) if {
	some g in k8s.container_groups
	some capability in object.get(g.security_context, ["capabilities", "add"], [])
	not capability in _allowed
	detail := sprintf("securityContext.capabilities.add contains %q (allowed: %s)", [
		capability,
		concat(", ", sort(_allowed)),
	])
	some c in g.members
}
