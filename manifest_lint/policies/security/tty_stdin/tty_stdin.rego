# METADATA
# title: No tty or stdin
# description: |
#   Containers with tty or stdin kept open are interactive shells waiting to be attached to,
#   not services. (kube-score, Kyverno.) Ephemeral debug containers are exempt.
# scope: package
# custom:
#   id: sec-tty-stdin
#   severity: low
#   kinds: [workloads]
#   remediation: Remove tty and stdin (and stdinOnce) from the container.
package security.tty_stdin

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, sprintf("%s is true", [field])) if {
	some g in k8s.container_groups
	g.type != "ephemeralContainers"
	some field in ["tty", "stdin"]
	g.container[field] == true
	some c in g.members
}
