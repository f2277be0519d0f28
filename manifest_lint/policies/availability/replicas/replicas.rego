# METADATA
# title: At least two replicas
# description: |
#   A Deployment or StatefulSet with spec.replicas below 2 is down during every node drain,
#   rollout hiccup or crash. An omitted spec.replicas means 1 pod unless a
#   HorizontalPodAutoscaler manages the replica count, which is how an autoscaled workload is
#   declared: across all rendered documents (`conftest test --combine`), where the HPAs are
#   visible, an omitted spec.replicas is reported unless an HPA in the namespace targets the
#   workload. A per-document run cannot see the HPAs of other documents and accepts an omitted
#   spec.replicas. (Polaris, kube-score, Kubescape.)
# scope: package
# custom:
#   id: avail-replicas
#   severity: medium
#   kinds: [Deployment, StatefulSet]
#   combine: true
#   remediation: Set spec.replicas to 2 or more, or omit it and let a HorizontalPodAutoscaler with minReplicas >= 2 manage it.
package availability.replicas

import data.lib.findings
import data.lib.kubernetes as k8s
import data.lib.selectors

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_kinds := {"Deployment", "StatefulSet"}

_violations contains findings.problem(obj, null, msg) if {
	some obj in k8s.objects_of_kinds(_kinds)
	replicas := obj.spec.replicas
	is_number(replicas)
	replicas < 2
	msg := sprintf("spec.replicas is %v, want at least 2", [replicas])
}

# Only a combined input shows every HorizontalPodAutoscaler that could manage the replicas.
_violations contains findings.problem(obj, null, msg) if {
	selectors.combined
	some kind in _kinds
	some obj in selectors.objects_of_kind(kind)
	object.get(obj, ["spec", "replicas"], null) == null
	not selectors.hpa_min_replicas(obj)
	namespace := selectors.namespace_text(obj)
	msg := sprintf("spec.replicas is not set, so it runs 1 pod, and no HorizontalPodAutoscaler in %s targets it; want at least 2", [namespace])
}
