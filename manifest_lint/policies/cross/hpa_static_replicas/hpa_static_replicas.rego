# METADATA
# title: Autoscaled workloads leave spec.replicas unset
# description: |
#   A Deployment, StatefulSet, ReplicaSet or ReplicationController that a
#   HorizontalPodAutoscaler in its namespace scales (scaleTargetRef: kind, name and the group
#   of apiVersion) should not set spec.replicas: every `kubectl apply` or GitOps sync resets
#   the replica count to that fixed number at once, removing the pods the HPA added for the
#   load (and Argo CD with self-heal keeps undoing the HPA). High, because the capacity drop
#   comes with every deploy, typically at the worst moment. A workload that no HPA targets
#   (such as an idle blue/green slot with a fixed size) is not concerned. Compared across all
#   rendered documents (`conftest test --combine`). (kube-score
#   deployment-targeted-by-hpa-does-not-have-replicas-configured.)
# scope: package
# custom:
#   id: cross-hpa-static-replicas
#   severity: high
#   kinds: [Deployment, StatefulSet, ReplicaSet, ReplicationController]
#   combine: true
#   remediation: Remove spec.replicas from the workload and let the HorizontalPodAutoscaler's minReplicas set the floor.
package cross.hpa_static_replicas

import data.lib.findings
import data.lib.kubernetes as k8s
import data.lib.selectors

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(workload, null, detail) if {
	some hpa in selectors.objects_of_kind("HorizontalPodAutoscaler")
	kind := hpa.spec.scaleTargetRef.kind
	kind in selectors.scalable_kinds
	some workload in selectors.of_kind_in(kind, k8s.namespace(hpa))
	selectors.hpa_targets(hpa, workload)
	replicas := object.get(workload, ["spec", "replicas"], null)
	replicas != null
	args := [replicas, k8s.name(hpa), replicas]
	detail := sprintf("spec.replicas is %v, but HorizontalPodAutoscaler %q scales it: every apply resets the replica count to %v", args)
}
