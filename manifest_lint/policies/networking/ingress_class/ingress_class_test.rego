package networking.ingress_class_test

import data.networking.ingress_class

_ingress(annotations, spec) := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web", "annotations": annotations}, "spec": spec}

test_annotation_denied if {
	some f in ingress_class.deny with input as _ingress({"kubernetes.io/ingress.class": "nginx"}, {})
	f.rule_id == "net-ingress-class"
	contains(f.msg, `metadata.annotations["kubernetes.io/ingress.class"] is "nginx" (deprecated)`)
}

test_unset_denied if {
	some f in ingress_class.deny with input as _ingress({}, {})
	contains(f.msg, "spec.ingressClassName is not set")
}

test_class_name_allowed if {
	count(ingress_class.deny) == 0 with input as _ingress({}, {"ingressClassName": "nginx"})
}
