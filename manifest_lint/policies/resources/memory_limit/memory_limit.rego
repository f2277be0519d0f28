# METADATA
# title: Memory limit
# description: |
#   Without a memory limit a leaking container can exhaust the node's memory and get other pods killed. (Polaris memoryLimitsMissing, kube-linter, kube-
#   score, checkov CKV_K8S_13.)
# scope: package
# custom:
#   id: res-memory-limit
#   severity: high
#   kinds: [workloads]
#   remediation: Set resources.limits.memory on every container and init container.
package resources.memory_limit

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

# Ephemeral containers cannot declare resources.
_violations contains findings.problem(c.object, c.name, "resources.limits.memory is not set") if {
	some g in k8s.container_groups
	g.type != "ephemeralContainers"
	not _is_set(g.container)
	some c in g.members
}

_is_set(container) if object.get(container, ["resources", "limits", "memory"], "") != ""
