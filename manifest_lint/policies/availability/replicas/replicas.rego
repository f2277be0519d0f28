# METADATA
# title: At least two replicas
# description: |
#   A Deployment or StatefulSet with spec.replicas below 2 is down during every node drain,
#   rollout hiccup or crash. An omitted spec.replicas is accepted: that is how a workload scaled
#   by a HorizontalPodAutoscaler is declared. (Polaris, kube-score, Kubescape.)
# scope: package
# custom:
#   id: avail-replicas
#   severity: medium
#   kinds: [Deployment, StatefulSet]
#   remediation: Set spec.replicas to 2 or more, or omit it and let a HorizontalPodAutoscaler with minReplicas >= 2 manage it.
package availability.replicas

import data.lib.findings
import data.lib.kubernetes as k8s

deny := findings.unwaived(rego.metadata.chain(), _violations)

warn := findings.waived(rego.metadata.chain(), _violations)

_violations contains findings.problem(obj, null, msg) if {
	some obj in k8s.objects
	obj.kind in {"Deployment", "StatefulSet"}
	replicas := obj.spec.replicas
	replicas < 2
	msg := sprintf("spec.replicas is %v, want at least 2", [replicas])
}
