package metadata.label_values_test

import data.metadata.label_values

_repeat(n) := concat("", ["a" | some _ in numbers.range(1, n)])

_cm(labels) := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "labels": labels}}

test_bad_characters_denied if {
	some f in label_values.deny with input as _cm({"version": "1.0+build"})
	f.rule_id == "meta-label-values"
	contains(f.msg, `metadata.labels["version"] value "1.0+build" is not a valid label value`)
}

test_too_long_denied if {
	count(label_values.deny) == 1 with input as _cm({"x": _repeat(64)})
}

test_trailing_dash_and_number_denied if {
	count(label_values.deny) == 2 with input as _cm({"a": "web-", "b": 3})
}

test_template_denied if {
	doc := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"metadata": {"labels": {"a": "-x"}}, "spec": {}}}}
	some f in label_values.deny with input as doc
	contains(f.msg, `spec.template.metadata.labels["a"] value "-x"`)
}

test_valid_allowed if {
	count(label_values.deny) == 0 with input as _cm({"a": "", "b": "web_1.2-x", "c": _repeat(63)})
}

test_custom_resource_ignored if {
	count(label_values.deny) == 0 with input as {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w", "labels": {"a": "bad value"}}}
}

test_values_with_quotes_or_escapes_are_judged_one_by_one if {
	count(label_values.deny) == 1 with input as _cm({"a": "x\"y", "b": "ok", "c\\": "fine"})
	count(label_values.deny) == 1 with input as _cm({"a": "x\\y"})
}
