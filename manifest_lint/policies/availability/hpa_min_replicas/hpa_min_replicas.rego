# METADATA
# title: HorizontalPodAutoscaler keeps at least two replicas
# description: |
#   An HPA whose spec.minReplicas is below 2 scales its workload down to one pod whenever the
#   load drops, and that pod is then a single point of failure during node drains, rollouts
#   and crashes, however many replicas the workload runs at peak. An omitted minReplicas
#   defaults to 1; 0 (scale to zero, behind the HPAScaleToZero feature gate) is reported too
#   and can be waived where it is meant. Medium, like avail-replicas, which reports the same
#   single pod for a workload without an HPA. (Polaris hpaMinAvailability, kube-score
#   horizontalpodautoscaler-replicas.)
# scope: package
# custom:
#   id: avail-hpa-min-replicas
#   severity: medium
#   kinds: [HorizontalPodAutoscaler]
#   remediation: Set spec.minReplicas to 2 or more.
package availability.hpa_min_replicas

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(obj, null, detail) if {
	some obj in k8s.objects_of("HorizontalPodAutoscaler")
	startswith(object.get(obj, "apiVersion", ""), "autoscaling/")
	min_replicas := object.get(obj, ["spec", "minReplicas"], null)
	detail := _detail(min_replicas)
}

_detail(null) := "spec.minReplicas is not set, so it defaults to 1 and the HPA may scale the workload down to one pod; want at least 2"

_detail(n) := sprintf("spec.minReplicas is %v, so the HPA may scale the workload down to %v; want at least 2", [n, _pods(n)]) if {
	is_number(n)
	n < 2
}

_pods(1) := "one pod"

_pods(n) := "no pods at all" if n < 1
