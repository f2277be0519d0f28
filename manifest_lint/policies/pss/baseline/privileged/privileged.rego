# METADATA
# title: Privileged containers
# description: |
#   Privileged containers disable most isolation. Pod Security Standards Baseline forbids
#   securityContext.privileged: true on every container, init and ephemeral ones included.
# scope: package
# custom:
#   id: pss-privileged
#   severity: critical
#   pss: baseline
#   kinds: [workloads]
#   remediation: Remove securityContext.privileged or set it to false.
package pss.baseline.privileged

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, "securityContext.privileged is true") if {
	some g in k8s.container_groups
	g.security_context.privileged == true
	some c in g.members
}
