# METADATA
# title: Ingress names its class with ingressClassName
# description: |
#   The kubernetes.io/ingress.class annotation is deprecated in favour of spec.ingressClassName;
#   an Ingress with neither depends on which IngressClass happens to be the cluster default.
# scope: package
# custom:
#   id: net-ingress-class
#   severity: low
#   kinds: [Ingress]
#   remediation: Set spec.ingressClassName and remove the kubernetes.io/ingress.class annotation.
package networking.ingress_class

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_annotation := "kubernetes.io/ingress.class"

_ingresses contains obj if {
	some obj in k8s.objects_of("Ingress")
	regex.match(`^(networking\.k8s\.io|extensions)/`, obj.apiVersion)
}

_violations contains findings.problem(obj, null, msg) if {
	some obj in _ingresses
	value := k8s.annotations(obj)[_annotation]
	msg := sprintf("metadata.annotations[%q] is %q (deprecated); use spec.ingressClassName", [_annotation, value])
}

_violations contains findings.problem(obj, null, "spec.ingressClassName is not set") if {
	some obj in _ingresses
	not k8s.annotations(obj)[_annotation]
	object.get(obj, ["spec", "ingressClassName"], "") == ""
}
