# METADATA
# title: /proc mount type
# description: |
#   An unmasked /proc exposes host kernel interfaces to the container. Pod Security Standards
#   Baseline (Kubernetes 1.35 and later) allows securityContext.procMount only undefined or Default
#   on every container, init and ephemeral ones included, except in pods with spec.hostUsers: false
#   (a user namespace), where any value is allowed. Restricted has no such exception
#   (pss-proc-mount-restricted).
# scope: package
# custom:
#   id: pss-proc-mount
#   severity: medium
#   pss: baseline
#   restricted_replaced_by: pss-proc-mount-restricted
#   kinds: [workloads]
#   remediation: Remove securityContext.procMount or set it to Default, or run the pod in a user namespace (spec.hostUsers false).
package pss.baseline.proc_mount

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, detail) if {
	some g in k8s.container_groups
	not g.user_namespace
	proc_mount := g.security_context.procMount
	proc_mount != null
	proc_mount != "Default"
	some c in g.members
	detail := sprintf("securityContext.procMount is %q (allowed: Default, or any value when %s is false)", [
		proc_mount,
		k8s.pod_path(c.object, "spec.hostUsers"),
	])
}
