package cross.service_selects_pods_test

import data.cross.service_selects_pods

_combined(docs) := [{"path": "manifests.yaml", "contents": doc} | some doc in docs]

_service(namespace, selector) := {
	"apiVersion": "v1",
	"kind": "Service",
	"metadata": {"name": "web", "namespace": namespace},
	"spec": {"selector": selector, "ports": [{"port": 80}]},
}

_deployment(namespace, labels) := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web", "namespace": namespace},
	"spec": {
		"selector": {"matchLabels": labels},
		"template": {"metadata": {"labels": labels}, "spec": {"containers": [{"name": "app"}]}},
	},
}

test_service_selecting_deployment_pods_allowed if {
	docs := [_service("shop", {"app": "web"}), _deployment("shop", {"app": "web", "tier": "front"})]
	count(service_selects_pods.deny) == 0 with input as _combined(docs)
}

test_service_selecting_nothing_denied if {
	docs := [_service("shop", {"app": "web"}), _deployment("shop", {"app": "api"})]
	some f in service_selects_pods.deny with input as _combined(docs)
	f.rule_id == "cross-service-selector"
	f.kind == "Service"
	f.name == "web"
	f.msg == `cross-service-selector: Service/shop/web: selector {"app": "web"} matches no workload in namespace "shop"`
}

test_workload_in_other_namespace_does_not_count if {
	docs := [_service("shop", {"app": "web"}), _deployment("other", {"app": "web"})]
	count(service_selects_pods.deny) == 1 with input as _combined(docs)
}

test_objects_without_namespace_pair_up if {
	svc := json.remove(_service("", {"app": "web"}), ["metadata/namespace"])
	deploy := json.remove(_deployment("", {"app": "web"}), ["metadata/namespace"])
	count(service_selects_pods.deny) == 0 with input as _combined([svc, deploy])
}

test_cronjob_pods_and_list_items_count if {
	cronjob := {
		"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "report", "namespace": "shop"},
		"spec": {"jobTemplate": {"spec": {"template": {"metadata": {"labels": {"app": "report"}}}}}},
	}
	docs := [{"apiVersion": "v1", "kind": "List", "items": [_service("shop", {"app": "report"})]}, cronjob]
	count(service_selects_pods.deny) == 0 with input as _combined(docs)
}

test_service_without_selector_allowed if {
	svc := {
		"apiVersion": "v1", "kind": "Service", "metadata": {"name": "db", "namespace": "shop"},
		"spec": {"ports": [{"port": 5432}]},
	}
	count(service_selects_pods.deny) == 0 with input as _combined([svc, null])
}

test_waiver_moves_finding_to_warn if {
	svc := json.patch(_service("shop", {"app": "web"}), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-cross-service-selector": "pods come from another chart"},
	}])
	count(service_selects_pods.deny) == 0 with input as _combined([svc])
	count(service_selects_pods.warn) == 1 with input as _combined([svc])
}

test_single_document_input_gives_nothing if {
	count(service_selects_pods.deny) == 0 with input as _service("shop", {"app": "web"})
	count(service_selects_pods.deny) == 0 with input as {"kind": "List", "items": [_service("shop", {"app": "web"})]}
}
