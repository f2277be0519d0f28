package lib.selectors_test

import data.lib.selectors

_deployment := {
	"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
	"spec": {"template": {"metadata": {"labels": {"app": "web"}}}},
}

test_objects_of_combined_input if {
	combined := [
		{"path": "a.yaml", "contents": _deployment},
		{"path": "a.yaml", "contents": null},
		{"path": "b.yaml", "contents": {"kind": "List", "items": [{"kind": "Service", "metadata": {"name": "web"}}]}},
	]
	count(selectors.objects) == 2 with input as combined
	selectors.combined with input as combined
}

test_no_objects_outside_combined_input if {
	count(selectors.objects) == 0 with input as _deployment
	count(selectors.objects) == 0 with input as [_deployment]
	not selectors.combined with input as _deployment
}

# manifest-lint's cross-resource pass: one List of the whole run, marked by an annotation.
test_whole_run_list_is_combined if {
	items := [_deployment, {"kind": "Service", "metadata": {"name": "web"}}]
	whole := {"apiVersion": "v1", "kind": "List", "metadata": {"annotations": {"manifest-lint.omnitide.dev/whole-run": "true"}}, "items": items}
	selectors.combined with input as whole
	count(selectors.objects) == 2 with input as whole
	count(selectors.workload_list) == 1 with input as whole
	not selectors.combined with input as {"apiVersion": "v1", "kind": "List", "items": items}
	not selectors.combined with input as json.patch(whole, [{"op": "replace", "path": "/metadata/annotations/manifest-lint.omnitide.dev~1whole-run", "value": "yes"}])
}

test_pod_labels if {
	selectors.pod_labels(_deployment) == {"app": "web"}
	selectors.pod_labels({"kind": "Pod", "metadata": {"labels": {"a": "b"}}}) == {"a": "b"}
	selectors.pod_labels({"kind": "Job", "spec": {"template": {}}}) == {}
}

test_matches if {
	selectors.matches({}, {})
	selectors.matches({"matchLabels": {"a": "1"}}, {"a": "1", "b": "2"})
	selectors.matches({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["1"]}]}, {})
	not selectors.matches(null, {"a": "1"})
	not selectors.matches({"matchExpressions": [{"key": "a", "operator": "In", "values": ["1"]}]}, {})
}

test_operator_pod_labels if {
	prometheus := {
		"apiVersion": "monitoring.coreos.com/v1", "kind": "Prometheus",
		"metadata": {"name": "k8s", "namespace": "monitoring"},
		"spec": {"podMetadata": {"labels": {"team": "obs", "prometheus": "overridden"}}},
	}
	selectors.pod_labels(prometheus) == {
		"team": "obs",
		"prometheus": "k8s",
		"app.kubernetes.io/name": "prometheus",
		"app.kubernetes.io/managed-by": "prometheus-operator",
		"app.kubernetes.io/instance": "k8s",
		"operator.prometheus.io/name": "k8s",
		"operator.prometheus.io/shard": "0",
	}
	selectors.runs_pods(prometheus)
	not selectors.runs_pods({"apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor"})
	not selectors.operator_pod_spec({"apiVersion": "other.example/v1", "kind": "Prometheus"})
}

test_operator_resources_are_pod_sources if {
	am := {"apiVersion": "monitoring.coreos.com/v1", "kind": "Alertmanager", "metadata": {"name": "main", "namespace": "mon"}}
	combined := [{"path": "a.yaml", "contents": am}, {"path": "b.yaml", "contents": _deployment}]
	selectors.operator_resources == [am] with input as combined
	count(selectors.pod_sources) == 2 with input as combined
	selectors.candidates("mon", {"alertmanager": "main"}) == [am] with input as combined
	selectors.workloads_in("mon") == [am] with input as combined
}

test_controller_set_labels_are_assumed_to_hold if {
	labels := {"app": "redis"}
	selectors.matches({"matchLabels": {"app": "redis", "statefulset.kubernetes.io/pod-name": "redis-0"}}, labels)
	selectors.matches({"matchExpressions": [{"key": "pod-template-hash", "operator": "In", "values": ["abc"]}]}, labels)
	not selectors.matches({"matchLabels": {"app": "other", "statefulset.kubernetes.io/pod-name": "redis-0"}}, labels)
}

test_candidates_by_a_label_the_template_sets if {
	sts := {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "redis", "namespace": "db"}, "spec": {"template": {"metadata": {"labels": {"app": "redis"}}}}}
	combined := [{"path": "sts.yaml", "contents": sts}]
	[c.metadata.name | some c in selectors.candidates("db", {"apps.kubernetes.io/pod-index": "0", "app": "redis"})] == ["redis"] with input as combined
}
