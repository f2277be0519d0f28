# METADATA
# title: CPU limit
# description: |
#   Without a CPU limit one container can take a node's spare CPU. Low severity: CPU limits cause throttling and many teams omit them on purpose. (Polaris
#   cpuLimitsMissing, kube-score, checkov CKV_K8S_11.)
# scope: package
# custom:
#   id: res-cpu-limit
#   severity: low
#   kinds: [workloads]
#   remediation: Set resources.limits.cpu, or waive the rule with a reason if throttling is unwanted.
package resources.cpu_limit

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

# Ephemeral containers cannot declare resources.
_violations contains findings.problem(c.object, c.name, "resources.limits.cpu is not set") if {
	some g in k8s.container_groups
	g.type != "ephemeralContainers"
	not _is_set(g.container)
	some c in g.members
}

_is_set(container) if object.get(container, ["resources", "limits", "cpu"], "") != ""
