# METADATA
# title: Replicas spread across nodes
# description: |
#   Replicas that may all land on one node or zone fail together. A replicated Deployment or
#   StatefulSet (spec.replicas of 2 or more, or omitted because an HPA scales it) needs pod
#   anti-affinity or topologySpreadConstraints. (kube-score, Polaris, Kyverno.)
# scope: package
# custom:
#   id: avail-anti-affinity
#   severity: low
#   kinds: [Deployment, StatefulSet]
#   remediation: Add topologySpreadConstraints over kubernetes.io/hostname (and zone), or a preferred podAntiAffinity, to the pod template.
package availability.anti_affinity

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(pod.object, null, msg) if {
	some pod in k8s.pods
	pod.object.kind in {"Deployment", "StatefulSet"}
	object.get(pod.object, ["spec", "replicas"], 2) >= 2
	not pod.spec.affinity.podAntiAffinity
	count(object.get(pod.spec, "topologySpreadConstraints", [])) == 0
	msg := sprintf("%s and %s are not set", [
		k8s.pod_path(pod.object, "spec.affinity.podAntiAffinity"),
		k8s.pod_path(pod.object, "spec.topologySpreadConstraints"),
	])
}
