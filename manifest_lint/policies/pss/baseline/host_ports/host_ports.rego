# METADATA
# title: Host ports
# description: |
#   A hostPort binds a container port on the node's network interfaces, bypassing network
#   policy and limiting scheduling. Pod Security Standards Baseline allows
#   ports[*].hostPort only undefined or 0, on every container, init and ephemeral ones included.
# scope: package
# custom:
#   id: pss-host-ports
#   severity: medium
#   pss: baseline
#   kinds: [workloads]
#   remediation: Remove ports[*].hostPort and expose the port through a Service instead.
package pss.baseline.host_ports

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, detail) if {
	some g in k8s.container_groups
	some i, port in object.get(g.container, "ports", [])
	is_number(port.hostPort)
	port.hostPort != 0
	detail := sprintf("ports[%d].hostPort is %v (allowed: undefined or 0)", [i, port.hostPort])
	some c in g.members
}
