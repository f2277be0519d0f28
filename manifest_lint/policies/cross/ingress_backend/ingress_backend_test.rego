package cross.ingress_backend_test

import data.cross.ingress_backend

_combined(docs) := [{"path": "manifests.yaml", "contents": doc} | some doc in docs]

_service := {
	"apiVersion": "v1",
	"kind": "Service",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80, "targetPort": 8080}]},
}

_ingress(backend) := {
	"apiVersion": "networking.k8s.io/v1",
	"kind": "Ingress",
	"metadata": {"name": "shop", "namespace": "shop"},
	"spec": {"rules": [{"host": "shop.example.com", "http": {"paths": [{
		"path": "/", "pathType": "Prefix",
		"backend": {"service": backend},
	}]}}]},
}

test_backend_by_port_number_allowed if {
	docs := [_service, _ingress({"name": "web", "port": {"number": 80}})]
	count(ingress_backend.deny) == 0 with input as _combined(docs)
}

test_backend_by_port_name_allowed if {
	docs := [_service, _ingress({"name": "web", "port": {"name": "http"}})]
	count(ingress_backend.deny) == 0 with input as _combined(docs)
}

test_missing_service_denied if {
	docs := [_service, _ingress({"name": "api", "port": {"number": 80}})]
	some f in ingress_backend.deny with input as _combined(docs)
	f.rule_id == "cross-ingress-backend"
	f.kind == "Ingress"
	f.msg == concat("", [
		`cross-ingress-backend: Ingress/shop/shop: spec.rules[0].http.paths[0].backend names Service "api", `,
		`which does not exist in namespace "shop"`,
	])
}

test_unknown_port_denied if {
	docs := [_service, _ingress({"name": "web", "port": {"number": 8080}})]
	some f in ingress_backend.deny with input as _combined(docs)
	f.msg == concat("", [
		`cross-ingress-backend: Ingress/shop/shop: spec.rules[0].http.paths[0].backend names port 8080 `,
		`of Service "web", which has ports [80 "http"]`,
	])
}

test_unknown_port_name_denied if {
	docs := [_service, _ingress({"name": "web", "port": {"name": "https"}})]
	some f in ingress_backend.deny with input as _combined(docs)
	contains(f.msg, `names port "https" of Service "web"`)
}

test_service_in_other_namespace_does_not_count if {
	svc := json.patch(_service, [{"op": "replace", "path": "/metadata/namespace", "value": "other"}])
	count(ingress_backend.deny) == 1 with input as _combined([svc, _ingress({"name": "web", "port": {"number": 80}})])
}

test_default_backend_checked if {
	ingress := {
		"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "shop", "namespace": "shop"},
		"spec": {"defaultBackend": {"service": {"name": "fallback", "port": {"number": 80}}}},
	}
	some f in ingress_backend.deny with input as _combined([_service, ingress])
	contains(f.msg, `spec.defaultBackend names Service "fallback"`)
}

test_single_document_input_gives_nothing if {
	count(ingress_backend.deny) == 0 with input as _ingress({"name": "api", "port": {"number": 80}})
}
