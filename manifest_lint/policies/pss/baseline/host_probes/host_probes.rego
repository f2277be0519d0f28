# METADATA
# title: Probe and lifecycle hook hosts
# description: |
#   A probe or lifecycle hook with a host makes the kubelet connect to an arbitrary address, which
#   can reach services on the node's network. Pod Security Standards Baseline (Kubernetes 1.34 and
#   later) allows httpGet.host and tcpSocket.host only undefined or empty in livenessProbe,
#   readinessProbe, startupProbe, lifecycle.postStart and lifecycle.preStop of every container,
#   init and ephemeral ones included.
# scope: package
# custom:
#   id: pss-host-probes
#   severity: medium
#   pss: baseline
#   kinds: [workloads]
#   remediation: Remove the host from the probe or lifecycle hook, so that it targets the pod IP.
package pss.baseline.host_probes

import data.lib.findings
import data.lib.kubernetes as k8s

deny := findings.unwaived(rego.metadata.chain(), _violations)

warn := findings.waived(rego.metadata.chain(), _violations)

# Paths inside a container of the handlers that can name a host.
_handlers := [
	["livenessProbe"],
	["readinessProbe"],
	["startupProbe"],
	["lifecycle", "postStart"],
	["lifecycle", "preStop"],
]

_violations contains findings.problem(c.object, c.name, detail) if {
	some c in k8s.containers
	some handler in _handlers
	some action in ["httpGet", "tcpSocket"]
	host := object.get(c.container, array.concat(handler, [action, "host"]), "")
	is_string(host)
	host != ""
	detail := sprintf("%s.%s.host is %q (allowed: undefined or empty)", [concat(".", handler), action, host])
}
