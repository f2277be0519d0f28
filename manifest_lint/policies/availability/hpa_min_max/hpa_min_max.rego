# METADATA
# title: HorizontalPodAutoscaler minReplicas not above maxReplicas
# description: |
#   An HPA whose minReplicas (default 1) is above maxReplicas cannot scale as intended.
#   (cdk8s-plus, Kyverno.)
# scope: package
# custom:
#   id: avail-hpa-min-max
#   severity: high
#   kinds: [HorizontalPodAutoscaler]
#   remediation: Set spec.minReplicas to at most spec.maxReplicas.
package availability.hpa_min_max

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(obj, null, msg) if {
	some obj in k8s.objects_of("HorizontalPodAutoscaler")
	startswith(obj.apiVersion, "autoscaling/")
	min_replicas := object.get(obj.spec, "minReplicas", 1)
	min_replicas > obj.spec.maxReplicas
	msg := sprintf("spec.minReplicas %v is above spec.maxReplicas %v", [min_replicas, obj.spec.maxReplicas])
}
