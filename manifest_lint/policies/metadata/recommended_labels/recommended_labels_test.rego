package metadata.recommended_labels_test

import data.metadata.recommended_labels

_all := {
	"app.kubernetes.io/name": "web",
	"app.kubernetes.io/instance": "web-prod",
	"app.kubernetes.io/version": "1.2.3",
	"app.kubernetes.io/component": "frontend",
	"app.kubernetes.io/part-of": "shop",
	"app.kubernetes.io/managed-by": "cdk8s",
}

_deploy(labels, template_labels) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "labels": labels}, "spec": {"template": {
	"metadata": {"labels": template_labels},
	"spec": {"containers": [{"name": "a"}]},
}}}

test_missing_on_object_denied if {
	doc := _deploy(object.remove(_all, ["app.kubernetes.io/version"]), _all)
	some f in recommended_labels.deny with input as doc
	f.rule_id == "meta-recommended-labels"
	contains(f.msg, `metadata.labels is missing ["app.kubernetes.io/version"]`)
	count(recommended_labels.deny) == 1 with input as doc
}

test_missing_on_template_denied if {
	some f in recommended_labels.deny with input as _deploy(_all, {"app": "web"})
	startswith(f.msg, "meta-recommended-labels: Deployment/-/web: spec.template.metadata.labels is missing [")
}

test_complete_allowed if {
	count(recommended_labels.deny) == 0 with input as _deploy(_all, _all)
}

test_configured_list if {
	count(recommended_labels.deny) == 0 with input as _deploy({"team": "a"}, {"team": "a"}) with data.lint_config.recommended_labels as ["team"]
}

test_config_map_ignored if {
	count(recommended_labels.deny) == 0 with input as {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}
}

test_empty_value_counts_as_missing if {
	labels := object.union(_all, {"app.kubernetes.io/part-of": ""})
	some f in recommended_labels.deny with input as _deploy(labels, _all)
	contains(f.msg, `metadata.labels is missing ["app.kubernetes.io/part-of"]`)
	count(recommended_labels.deny) == 0 with input as _deploy(object.union(_all, {"extra": ""}), _all)
}
