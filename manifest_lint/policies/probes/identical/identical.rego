# METADATA
# title: Liveness and readiness probes differ
# description: |
#   When the liveness probe is the same check as the readiness probe, a container that is only
#   busy (not ready) also gets restarted, which turns load spikes into restart storms. The
#   probes' handlers (httpGet, tcpSocket, grpc, exec) must differ. (kube-score
#   pod-probes-identical.)
# scope: package
# custom:
#   id: probe-identical
#   severity: medium
#   kinds: [workloads]
#   remediation: Give the liveness probe its own cheap endpoint (e.g. /livez) separate from the readiness check (e.g. /readyz).
package probes.identical

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_handlers := ["httpGet", "tcpSocket", "grpc", "exec"]

_violations contains findings.problem(c.object, c.name, msg) if {
	some g in k8s.container_groups
	g.type == "containers"
	liveness := object.filter(g.container.livenessProbe, _handlers)
	count(liveness) > 0
	liveness == object.filter(g.container.readinessProbe, _handlers)
	msg := sprintf("livenessProbe and readinessProbe use the same handler %s", [json.marshal(liveness)])
	some c in g.members
}
