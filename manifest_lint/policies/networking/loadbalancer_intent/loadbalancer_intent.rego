# METADATA
# title: LoadBalancer Services declare their intent
# description: |
#   A LoadBalancer Service is often public by default. It must carry an annotation that states
#   the intended exposure: policy.omnitide.dev/exposure ("public" or "internal") or one of the
#   cloud providers' internal load balancer annotations. The accepted keys can be replaced with
#   data.lint_config.loadbalancer_intent_annotations. (Kubescape: exposure to internet.)
# scope: package
# custom:
#   id: net-loadbalancer-intent
#   severity: medium
#   kinds: [Service]
#   remediation: 'Annotate the Service with policy.omnitide.dev/exposure: public (or internal), or use the cloud''s internal load balancer annotation.'
package networking.loadbalancer_intent

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

default _intent_annotations := [
	"policy.omnitide.dev/exposure",
	"service.beta.kubernetes.io/aws-load-balancer-internal",
	"service.beta.kubernetes.io/aws-load-balancer-scheme",
	"service.beta.kubernetes.io/azure-load-balancer-internal",
	"networking.gke.io/load-balancer-type",
	"cloud.google.com/load-balancer-type",
	"service.beta.kubernetes.io/oci-load-balancer-internal",
]

_intent_annotations := data.lint_config.loadbalancer_intent_annotations

_violations contains findings.problem(obj, null, msg) if {
	some obj in k8s.objects_of("Service")
	obj.spec.type == "LoadBalancer"
	not _declares_intent(obj)
	msg := sprintf(`spec.type is "LoadBalancer" and metadata.annotations has none of %v`, [_intent_annotations])
}

_declares_intent(obj) if {
	some key in _intent_annotations
	k8s.annotations(obj)[key] != ""
}
