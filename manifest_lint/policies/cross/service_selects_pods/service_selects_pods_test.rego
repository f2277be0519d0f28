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

_custom_resource(kind, name, spec) := {
	"apiVersion": "monitoring.coreos.com/v1",
	"kind": kind,
	"metadata": {"name": name, "namespace": "monitoring"},
	"spec": spec,
}

_monitoring_service(selector) := object.union(_service("monitoring", selector), {"metadata": {"name": "svc", "namespace": "monitoring"}})

test_service_selecting_operator_pods_allowed if {
	cases := [
		[_custom_resource("Prometheus", "k8s", {}), {"app.kubernetes.io/name": "prometheus", "prometheus": "k8s"}],
		[_custom_resource("Prometheus", "k8s", {}), {"operator.prometheus.io/name": "k8s", "operator.prometheus.io/shard": "0"}],
		[_custom_resource("Alertmanager", "main", {}), {"alertmanager": "main", "app.kubernetes.io/managed-by": "prometheus-operator"}],
		[_custom_resource("ThanosRuler", "rules", {}), {"app.kubernetes.io/name": "thanos-ruler", "thanos-ruler": "rules"}],
		[_custom_resource("Prometheus", "k8s", {"podMetadata": {"labels": {"team": "obs"}}}), {"team": "obs", "prometheus": "k8s"}],
	]
	every case in cases {
		count(service_selects_pods.deny) == 0 with input as _combined([case[0], _monitoring_service(case[1])])
	}
}

test_service_selecting_other_operator_pods_denied if {
	# Another resource's name, another namespace, or a kind no operator in the table runs.
	count(service_selects_pods.deny) == 1 with input as _combined([
		_custom_resource("Alertmanager", "main", {}),
		_monitoring_service({"alertmanager": "other"}),
	])
	count(service_selects_pods.deny) == 1 with input as _combined([
		_custom_resource("Prometheus", "k8s", {}),
		_service("shop", {"prometheus": "k8s"}),
	])
	count(service_selects_pods.deny) == 1 with input as _combined([
		object.union(_custom_resource("Prometheus", "k8s", {}), {"apiVersion": "example.com/v1"}),
		_monitoring_service({"prometheus": "k8s"}),
	])
	count(service_selects_pods.deny) == 1 with input as _combined([
		_custom_resource("ServiceMonitor", "k8s", {}),
		_monitoring_service({"prometheus": "k8s"}),
	])
}
