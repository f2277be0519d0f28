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

deny := findings.unwaived(rego.metadata.chain(), _violations)

warn := findings.waived(rego.metadata.chain(), _violations)

_violations contains findings.problem(c.object, c.name, "securityContext.privileged is true") if {
	some c in k8s.containers
	k8s.security_context(c.container).privileged == true
}
