# METADATA
# title: CPU request
# description: |
#   Without a CPU request the scheduler cannot place the pod sensibly and the container gets the lowest CPU share under contention. (Polaris
#   cpuRequestsMissing, kube-linter unset-cpu-requirements, kube-score, checkov CKV_K8S_10.)
# scope: package
# custom:
#   id: res-cpu-request
#   severity: medium
#   kinds: [workloads]
#   remediation: Set resources.requests.cpu on every container and init container.
package resources.cpu_request

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

# Ephemeral containers cannot declare resources.
_violations contains findings.problem(c.object, c.name, "resources.requests.cpu is not set") if {
	some g in k8s.container_groups
	g.type != "ephemeralContainers"
	not _is_set(g.container)
	some c in g.members
}

_is_set(container) if object.get(container, ["resources", "requests", "cpu"], "") != ""
