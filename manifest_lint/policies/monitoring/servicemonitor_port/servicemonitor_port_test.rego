package monitoring.servicemonitor_port_test

import data.monitoring.servicemonitor_port

_combined(docs) := [{"path": "manifests.yaml", "contents": doc} | some doc in docs]

_service(namespace, labels, ports) := {
	"apiVersion": "v1",
	"kind": "Service",
	"metadata": {"name": "web", "namespace": namespace, "labels": labels},
	"spec": {"selector": {"app": "web"}, "ports": ports},
}

_ports := [{"name": "http", "port": 80}, {"name": "metrics", "port": 9090}]

# The spec given replaces the default spec field by field (object.union alone would merge selectors).
_spec := {"selector": {"matchLabels": {"app": "web"}}, "endpoints": [{"port": "metrics"}]}

_monitor(spec) := {
	"apiVersion": "monitoring.coreos.com/v1",
	"kind": "ServiceMonitor",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": object.union(object.remove(_spec, object.keys(spec)), spec),
}

test_monitor_selecting_a_named_port_allowed if {
	docs := [_service("shop", {"app": "web"}, _ports), _monitor({})]
	count(servicemonitor_port.deny) == 0 with input as _combined(docs)
}

test_monitor_selecting_no_service_denied if {
	docs := [_service("shop", {"app": "api"}, _ports), _monitor({})]
	some f in servicemonitor_port.deny with input as _combined(docs)
	f.rule_id == "mon-servicemonitor-port"
	f.kind == "ServiceMonitor"
	f.msg == `mon-servicemonitor-port: ServiceMonitor/shop/web: spec.selector {"matchLabels": {"app": "web"}} matches no Service in namespace "shop"`
}

test_unknown_port_name_denied if {
	docs := [_service("shop", {"app": "web"}, _ports), _monitor({"endpoints": [{"port": "http"}, {"port": "prometheus"}]})]
	msgs := {f.msg | some f in servicemonitor_port.deny} with input as _combined(docs)
	msgs == {concat("", [
		"mon-servicemonitor-port: ServiceMonitor/shop/web: spec.endpoints[1].port \"prometheus\" is not a port name of ",
		`Service web (port names: ["http", "metrics"])`,
	])}
}

test_service_in_other_namespace_needs_the_namespace_selector if {
	service := _service("other", {"app": "web"}, _ports)
	count(servicemonitor_port.deny) == 1 with input as _combined([service, _monitor({})])
	count(servicemonitor_port.deny) == 0 with input as _combined([service, _monitor({"namespaceSelector": {"matchNames": ["other"]}})])
	count(servicemonitor_port.deny) == 0 with input as _combined([service, _monitor({"namespaceSelector": {"any": true}})])
}

test_match_names_listed_in_the_message if {
	docs := [_service("shop", {"app": "api"}, _ports), _monitor({"namespaceSelector": {"matchNames": ["b", "a"]}})]
	some f in servicemonitor_port.deny with input as _combined(docs)
	endswith(f.msg, `matches no Service in namespaces ["a", "b"]`)
}

test_match_expressions_and_target_port if {
	selector := {"matchExpressions": [{"key": "app", "operator": "In", "values": ["web", "api"]}]}
	docs := [_service("shop", {"app": "web"}, _ports), _monitor({"selector": selector, "endpoints": [{"targetPort": 9090}]})]
	count(servicemonitor_port.deny) == 0 with input as _combined(docs)
}

test_single_document_input_gives_nothing if {
	count(servicemonitor_port.deny) == 0 with input as _monitor({})
}
