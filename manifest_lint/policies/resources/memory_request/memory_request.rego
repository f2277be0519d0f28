# METADATA
# title: Memory request
# description: |
#   Without a memory request the scheduler can overcommit the node and the pod is among the first evicted. (Polaris memoryRequestsMissing, kube-linter
#   unset-memory-requirements, kube-score, checkov CKV_K8S_12.)
# scope: package
# custom:
#   id: res-memory-request
#   severity: medium
#   kinds: [workloads]
#   remediation: Set resources.requests.memory on every container and init container.
package resources.memory_request

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

# Ephemeral containers cannot declare resources.
_violations contains findings.problem(c.object, c.name, "resources.requests.memory is not set") if {
	some g in k8s.container_groups
	g.type != "ephemeralContainers"
	not _is_set(g.container)
	some c in g.members
}

_is_set(container) if object.get(container, ["resources", "requests", "memory"], "") != ""
