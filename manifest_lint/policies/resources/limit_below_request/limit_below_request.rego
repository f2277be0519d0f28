# METADATA
# title: Limit not below request
# description: |
#   A limit below its request is rejected by the API server (or, for memory, makes the
#   container OOM-killed before it reaches what it asked for). For cpu, memory and
#   ephemeral-storage, when both are set, the limit must equal or exceed the request.
#   (kube-score, Gatekeeper container-limits-and-requests.)
# scope: package
# custom:
#   id: res-limit-below-request
#   severity: high
#   kinds: [workloads]
#   remediation: Raise resources.limits.<resource> to at least resources.requests.<resource>.
package resources.limit_below_request

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, msg) if {
	some g in k8s.container_groups
	some resource in ["cpu", "memory", "ephemeral-storage"]
	request := g.container.resources.requests[resource]
	limit := g.container.resources.limits[resource]
	_quantity(limit) < _quantity(request)
	msg := sprintf("resources.limits.%s %v is below resources.requests.%s %v", [resource, limit, resource, request])
	some c in g.members
}

# _quantity reads a Kubernetes quantity (numbers, "500m", "1.5Gi", "2G") as a number.
_quantity(q) := units.parse(sprintf("%v", [q]))
