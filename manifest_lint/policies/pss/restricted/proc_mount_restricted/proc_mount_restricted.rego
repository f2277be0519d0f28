# METADATA
# title: /proc mount type (Restricted)
# description: |
#   Pod Security Standards Restricted (Kubernetes 1.35 and later, check procMount_restricted)
#   allows securityContext.procMount only undefined or Default on every container, init and
#   ephemeral ones included, even in pods with spec.hostUsers: false, which Baseline relaxes
#   (pss-proc-mount). Windows pods are not exempt.
# scope: package
# custom:
#   id: pss-proc-mount-restricted
#   severity: medium
#   pss: restricted
#   kinds: [workloads]
#   remediation: Remove securityContext.procMount or set it to Default.
package pss.restricted.proc_mount_restricted

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, detail) if {
	some g in k8s.container_groups
	proc_mount := g.security_context.procMount
	proc_mount != null
	proc_mount != "Default"
	detail := sprintf("securityContext.procMount is %q (allowed: Default, also when spec.hostUsers is false)", [proc_mount])
	some c in g.members
}
