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
	some c in g.members
	not _runs_to_completion(c)
	not g.container.livenessProbe
}

_runs_to_completion(c) if c.object.kind in {"Job", "CronJob"}

_runs_to_completion(c) if c.pod.spec.restartPolicy in {"Never", "OnFailure"}
