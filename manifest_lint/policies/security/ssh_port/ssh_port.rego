# METADATA
# title: No SSH port exposed
# description: |
#   A container or Service that exposes port 22 suggests an SSH daemon in the container, a
#   second way in that bypasses Kubernetes access control. (kube-linter ssh-port, Kubescape.)
# scope: package
# custom:
#   id: sec-ssh-port
#   severity: medium
#   kinds: [workloads, Service]
#   remediation: Remove the SSH server and port 22; use kubectl exec or debug containers instead.
package security.ssh_port

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, msg) if {
	some g in k8s.container_groups
	some port in object.get(g.container, "ports", [])
	port.containerPort == 22
	msg := "ports[].containerPort is 22 (SSH)"
	some c in g.members
}

_violations contains findings.problem(obj, null, msg) if {
	some obj in k8s.objects_of("Service")
	some port in object.get(obj, ["spec", "ports"], [])
	some field in ["port", "targetPort"]
	port[field] == 22
	msg := sprintf("spec.ports[].%s is 22 (SSH)", [field])
}
