package monitoring.podmonitor_port_test

import data.monitoring.podmonitor_port

_combined(docs) := [{"path": "manifests.yaml", "contents": doc} | some doc in docs]

_deployment(namespace, labels) := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "worker", "namespace": namespace},
	"spec": {
		"selector": {"matchLabels": labels},
		"template": {"metadata": {"labels": labels}, "spec": {"containers": [{"name": "app", "ports": [{"name": "metrics", "containerPort": 9090}]}]}},
	},
}

# The spec given replaces the default spec field by field (object.union alone would merge selectors).
_spec := {"selector": {"matchLabels": {"app": "worker"}}, "podMetricsEndpoints": [{"port": "metrics"}]}

_monitor(spec) := {
	"apiVersion": "monitoring.coreos.com/v1",
	"kind": "PodMonitor",
	"metadata": {"name": "worker", "namespace": "jobs"},
	"spec": object.union(object.remove(_spec, object.keys(spec)), spec),
}

test_monitor_selecting_a_named_container_port_allowed if {
	count(podmonitor_port.deny) == 0 with input as _combined([_deployment("jobs", {"app": "worker"}), _monitor({})])
}

test_monitor_selecting_no_pods_denied if {
	some f in podmonitor_port.deny with input as _combined([_deployment("jobs", {"app": "other"}), _monitor({})])
	f.rule_id == "mon-podmonitor-port"
	f.msg == `mon-podmonitor-port: PodMonitor/jobs/worker: spec.selector {"matchLabels": {"app": "worker"}} matches the pods of no workload in namespace "jobs"`
}

test_unknown_port_name_denied if {
	docs := [_deployment("jobs", {"app": "worker"}), _monitor({"podMetricsEndpoints": [{"port": "http"}]})]
	some f in podmonitor_port.deny with input as _combined(docs)
	f.msg == concat("", [
		"mon-podmonitor-port: PodMonitor/jobs/worker: spec.podMetricsEndpoints[0].port \"http\" is not a container port name of ",
		`Deployment/worker (port names: ["metrics"])`,
	])
}

test_other_namespaces_through_the_namespace_selector if {
	deployment := _deployment("other", {"app": "worker"})
	count(podmonitor_port.deny) == 1 with input as _combined([deployment, _monitor({})])
	count(podmonitor_port.deny) == 0 with input as _combined([deployment, _monitor({"namespaceSelector": {"matchNames": ["other"]}})])
	count(podmonitor_port.deny) == 0 with input as _combined([deployment, _monitor({"namespaceSelector": {"any": true}})])
}

test_operator_pods_count_without_port_check if {
	prometheus := {"apiVersion": "monitoring.coreos.com/v1", "kind": "Prometheus", "metadata": {"name": "k8s", "namespace": "jobs"}, "spec": {}}
	monitor := _monitor({"selector": {"matchLabels": {"app.kubernetes.io/name": "prometheus"}}, "podMetricsEndpoints": [{"port": "web"}]})
	count(podmonitor_port.deny) == 0 with input as _combined([prometheus, monitor])
}

test_port_number_endpoints_not_checked if {
	docs := [_deployment("jobs", {"app": "worker"}), _monitor({"podMetricsEndpoints": [{"portNumber": 9090}]})]
	count(podmonitor_port.deny) == 0 with input as _combined(docs)
}

test_single_document_input_gives_nothing if {
	count(podmonitor_port.deny) == 0 with input as _monitor({})
}
