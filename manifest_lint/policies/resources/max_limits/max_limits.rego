# METADATA
# title: Resources within the configured maximums
# description: |
#   Requests and limits above what a node can offer leave pods pending; above the team's budget
#   they waste capacity. Maximums come from data.lint_config.max_resources, a map such as
#   {"cpu": "4", "memory": "8Gi"}; with no maximums configured the rule finds nothing.
#   (Gatekeeper container-limits, Polaris resource ranges.)
# scope: package
# custom:
#   id: res-max-limits
#   severity: medium
#   kinds: [workloads]
#   remediation: Lower the request or limit, or raise the maximum in lint_config.max_resources.
package resources.max_limits

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

default _max := {}

_max := data.lint_config.max_resources

_violations contains findings.problem(c.object, c.name, msg) if {
	some resource, maximum in _max
	some g in k8s.container_groups
	some section in ["requests", "limits"]
	value := g.container.resources[section][resource]
	_quantity(value) > _quantity(maximum)
	msg := sprintf("resources.%s.%s %v is above the maximum %v", [section, resource, value, maximum])
	some c in g.members
}

_quantity(q) := units.parse(sprintf("%v", [q]))
