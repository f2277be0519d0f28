# METADATA
# title: No duplicate environment variables
# description: |
#   When a container lists the same env name twice, the last one silently wins, which hides
#   mistakes in overlays and generated manifests. (kube-linter duplicate-env-var.)
# scope: package
# custom:
#   id: avail-duplicate-env
#   severity: medium
#   kinds: [workloads]
#   remediation: Remove the duplicate entries from the container's env.
package availability.duplicate_env

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, msg) if {
	some g in k8s.container_groups
	names := [env.name | some env in object.get(g.container, "env", [])]
	some name in {n | some n in names}
	times := count([n | some n in names; n == name])
	times > 1
	msg := sprintf("env %q is set %d times", [name, times])
	some c in g.members
}
