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

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

# Paths inside a container of the handlers that can name a host.
_violations contains findings.problem(c.object, c.name, detail) if {
	some g in k8s.container_groups
	some path, handler in _handlers_of(g.container)
	some action, spec in object.filter(handler, {"httpGet", "tcpSocket"})
	host := object.get(spec, "host", "")
	is_string(host)
	host != ""
	detail := sprintf("%s.%s.host is %q (allowed: undefined or empty)", [path, action, host])
	some c in g.members
}

# _handlers_of is the container's probe and lifecycle handlers, by their path in the container
# (only those it has: a container has few of the five).
_handlers_of(container) := object.union(
	object.filter(container, {"livenessProbe", "readinessProbe", "startupProbe"}),
	{sprintf("lifecycle.%s", [hook]): handler |
		lifecycle := object.get(container, "lifecycle", {})
		is_object(lifecycle)
		some hook, handler in object.filter(lifecycle, {"postStart", "preStop"})
	},
)
