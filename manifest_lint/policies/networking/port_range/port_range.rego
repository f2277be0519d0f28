# METADATA
# title: Port numbers from 1 to 65535
# description: |
#   The API server refuses a container port, host port, Service port, target port or node
#   port outside 1 to 65535 (or not a whole number); the JSON schemas only say int32. Named
#   target ports are left to the probe and Service rules.
# scope: package
# custom:
#   id: port-range
#   severity: high
#   kinds: [workloads, Service]
#   remediation: Use a port number from 1 to 65535.
package networking.port_range

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.container.name, detail) if {
	some g in k8s.container_groups
	some i, port in object.get(g.container, "ports", [])
	some field in ["containerPort", "hostPort"]
	value := port[field]
	not _valid(value)
	detail := sprintf("ports[%v].%v is %v (must be a whole number from 1 to 65535)", [i, field, json.marshal(value)])
	some c in g.members
}

_violations contains findings.problem(obj, null, detail) if {
	some obj in k8s.objects_of("Service")
	some i, port in object.get(obj, ["spec", "ports"], [])
	some field in ["port", "targetPort", "nodePort"]
	value := port[field]
	is_number(value)
	not _valid(value)
	detail := sprintf("spec.ports[%v].%v is %v (must be a whole number from 1 to 65535)", [i, field, json.marshal(value)])
}

_valid(value) if {
	is_number(value)
	value == floor(value)
	value >= 1
	value <= 65535
}
