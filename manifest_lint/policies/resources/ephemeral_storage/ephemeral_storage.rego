# METADATA
# title: Ephemeral storage request and limit
# description: |
#   Containers that write logs or scratch files to the node's disk without an ephemeral-storage
#   request and limit can fill the disk and get the whole node's pods evicted.
#   (Gatekeeper container-ephemeral-storage-limit, kube-score.) Low severity.
# scope: package
# custom:
#   id: res-ephemeral-storage
#   severity: low
#   kinds: [workloads]
#   remediation: Set resources.requests and resources.limits for ephemeral-storage.
package resources.ephemeral_storage

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, msg) if {
	some g in k8s.container_groups
	g.type != "ephemeralContainers"
	some section in ["requests", "limits"]
	not _is_set(g.container, section)
	msg := sprintf("resources.%s.ephemeral-storage is not set", [section])
	some c in g.members
}

_is_set(container, section) if object.get(container, ["resources", section, "ephemeral-storage"], "") != ""
