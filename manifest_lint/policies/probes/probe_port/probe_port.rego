# METADATA
# title: Probe port is a declared container port
# description: |
#   A probe whose port is not one of the container's ports (by number, or by name for named
#   ports) usually checks the wrong thing or nothing at all, and a named port that does not
#   exist makes the probe fail. (kube-linter liveness-port, readiness-port, startup-port.)
# scope: package
# custom:
#   id: probe-port-declared
#   severity: medium
#   kinds: [workloads]
#   remediation: Point the probe at a port listed in the container's ports, or declare the port.
package probes.probe_port

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, msg) if {
	some g in k8s.container_groups
	g.type == "containers"
	some probe_name in ["livenessProbe", "readinessProbe", "startupProbe"]
	some handler in ["httpGet", "tcpSocket", "grpc"]
	port := g.container[probe_name][handler].port
	not _declared(g.container, port)
	msg := sprintf("%s.%s.port %v is not a declared container port (ports: %v)", [probe_name, handler, json.marshal(port), _ports(g.container)])
	some c in g.members
}

_ports(container) := [object.get(p, "name", p.containerPort) | some p in object.get(container, "ports", [])]

_declared(container, port) if {
	is_number(port)
	some p in object.get(container, "ports", [])
	p.containerPort == port
}

_declared(container, port) if {
	is_string(port)
	some p in object.get(container, "ports", [])
	p.name == port
}
