# METADATA
# title: Liveness probe
# description: |
#   Without a liveness probe a hung container is never restarted. (Polaris livenessProbeMissing, kube-linter no-liveness-probe, checkov CKV_K8S_8.)
#   Only regular containers (spec.containers) are checked; init and ephemeral containers cannot
#   have one. Run-to-completion pods are exempt: Jobs, CronJobs and pods whose restartPolicy is
#   Never or OnFailure.
# scope: package
# custom:
#   id: probe-liveness
#   severity: medium
#   kinds: [Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController, PodTemplate]
#   remediation: Add a livenessProbe (httpGet, tcpSocket, grpc or exec) to the container.
package probes.liveness

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, "livenessProbe is not set") if {
	some g in k8s.container_groups
	g.type == "containers"
	not g.container.livenessProbe
	some c in g.members
	not c.object.kind in _completing_kinds
	not object.get(c.pod.spec, "restartPolicy", "Always") in _completing_policies
}

# Pods that run to completion: Jobs, CronJobs and pods that are not restarted.
_completing_kinds := {"Job", "CronJob"}

_completing_policies := {"Never", "OnFailure"}
