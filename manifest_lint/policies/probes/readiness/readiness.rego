# METADATA
# title: Readiness probe
# description: |
#   Without a readiness probe a container gets traffic before it can serve it, and keeps getting it when it cannot. (Polaris readinessProbeMissing, kube-
#   linter no-readiness-probe, kube-score, checkov CKV_K8S_9.)
#   Only regular containers (spec.containers) are checked; init and ephemeral containers cannot
#   have one. Run-to-completion pods are exempt: Jobs, CronJobs and pods whose restartPolicy is
#   Never or OnFailure.
# scope: package
# custom:
#   id: probe-readiness
#   severity: medium
#   kinds: [Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController, PodTemplate]
#   remediation: Add a readinessProbe (httpGet, tcpSocket, grpc or exec) to the container.
package probes.readiness

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, "readinessProbe is not set") if {
	some g in k8s.container_groups
	g.type == "containers"
	not g.container.readinessProbe
	some c in g.members
	not c.object.kind in _completing_kinds
	not object.get(c.pod.spec, "restartPolicy", "Always") in _completing_policies
}

# Pods that run to completion: Jobs, CronJobs and pods that are not restarted.
_completing_kinds := {"Job", "CronJob"}

_completing_policies := {"Never", "OnFailure"}
