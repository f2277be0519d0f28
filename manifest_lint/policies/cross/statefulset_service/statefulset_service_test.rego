package cross.statefulset_service_test

import data.cross.statefulset_service

_combined(docs) := [{"path": "manifests.yaml", "contents": doc} | some doc in docs]

_sts(spec) := {
	"apiVersion": "apps/v1",
	"kind": "StatefulSet",
	"metadata": {"name": "db", "namespace": "shop"},
	"spec": object.union({"serviceName": "db", "replicas": 3, "template": {"metadata": {"labels": {"app": "db", "tier": "data"}}}}, spec),
}

_service(spec) := {
	"apiVersion": "v1",
	"kind": "Service",
	"metadata": {"name": "db", "namespace": "shop"},
	"spec": object.union({"clusterIP": "None", "selector": {"app": "db"}, "ports": [{"name": "pg", "port": 5432}]}, spec),
}

test_headless_service_allowed if {
	count(statefulset_service.deny) == 0 with input as _combined([_sts({}), _service({})])
}

test_missing_service_denied if {
	some f in statefulset_service.deny with input as _combined([_sts({})])
	f.rule_id == "cross-statefulset-service"
	f.kind == "StatefulSet"
	f.msg == `cross-statefulset-service: StatefulSet/shop/db: spec.serviceName "db" names no Service in namespace "shop", so its pods get no stable network names`
	renamed := json.patch(_service({}), [{"op": "replace", "path": "/metadata/name", "value": "db-headless"}])
	count(statefulset_service.deny) == 1 with input as _combined([_sts({}), renamed])
	elsewhere := json.patch(_service({}), [{"op": "replace", "path": "/metadata/namespace", "value": "other"}])
	count(statefulset_service.deny) == 1 with input as _combined([_sts({}), elsewhere])
}

test_not_headless_denied if {
	some f in statefulset_service.deny with input as _combined([_sts({}), json.remove(_service({}), ["spec/clusterIP"])])
	f.msg == `cross-statefulset-service: StatefulSet/shop/db: spec.serviceName "db" names a Service that is not headless (spec.clusterIP is null, want "None"), so its pods get no stable network names`
	some g in statefulset_service.deny with input as _combined([_sts({}), _service({"clusterIP": "10.0.0.10"})])
	contains(g.msg, `(spec.clusterIP is "10.0.0.10", want "None")`)
}

test_service_not_selecting_pods_denied if {
	some f in statefulset_service.deny with input as _combined([_sts({}), _service({"selector": {"app": "cache"}})])
	f.msg == `cross-statefulset-service: StatefulSet/shop/db: spec.serviceName "db" names a headless Service whose selector {"app": "cache"} does not select its pods (labels {"app": "db", "tier": "data"})`
	some g in statefulset_service.deny with input as _combined([_sts({}), json.remove(_service({}), ["spec/selector"])])
	contains(g.msg, "names a headless Service whose selector null does not select its pods")
}

test_service_name_omitted_not_checked if {
	count(statefulset_service.deny) == 0 with input as _combined([json.remove(_sts({}), ["spec/serviceName"])])
	count(statefulset_service.deny) == 0 with input as _combined([_sts({"serviceName": ""})])
}

test_single_document_input_gives_nothing if {
	count(statefulset_service.deny) == 0 with input as _sts({})
}

test_waived if {
	sts := json.patch(_sts({}), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-cross-statefulset-service": "the governing Service ships with the mesh chart"},
	}])
	count(statefulset_service.deny) == 0 with input as _combined([sts])
	count(statefulset_service.warn) == 1 with input as _combined([sts])
}
