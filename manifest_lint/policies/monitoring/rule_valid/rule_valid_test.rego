package monitoring.rule_valid_test

import data.monitoring.rule_valid

_rule(groups) := {
	"apiVersion": "monitoring.coreos.com/v1",
	"kind": "PrometheusRule",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"groups": groups},
}

_record := {"record": "job:up:sum", "expr": "sum by (job) (up)"}

_alert := {"alert": "WebDown", "expr": "up == 0", "for": "5m", "labels": {"severity": "critical"}, "annotations": {"summary": "down"}}

_prefix := "mon-rule-valid: PrometheusRule/shop/web: "

test_valid_groups_allowed if {
	count(rule_valid.deny) == 0 with input as _rule([{"name": "a", "rules": [_record, _alert]}, {"name": "b", "rules": []}])
}

test_repeated_group_name_denied if {
	doc := _rule([{"name": "a", "rules": [_record]}, {"name": "b", "rules": []}, {"name": "a", "rules": [_alert]}])
	msgs := {f.msg | some f in rule_valid.deny} with input as doc
	msgs == {concat("", [_prefix, `spec.groups[2] is named "a" like spec.groups[0]: group names repeat in one rule file`])}
}

test_nameless_group_denied if {
	msgs := {f.msg | some f in rule_valid.deny} with input as _rule([{"rules": [_record]}])
	msgs == {concat("", [_prefix, "spec.groups[0] has no name"])}
}

test_record_and_alert_denied if {
	msgs := {f.msg | some f in rule_valid.deny} with input as _rule([{"name": "a", "rules": [object.union(_record, {"alert": "X"})]}])
	concat("", [_prefix, "spec.groups[0].rules[0] sets both `record` and `alert`"]) in msgs
}

test_neither_record_nor_alert_denied if {
	msgs := {f.msg | some f in rule_valid.deny} with input as _rule([{"name": "a", "rules": [{"expr": "up"}]}])
	msgs == {concat("", [_prefix, "spec.groups[0].rules[0] sets neither `record` nor `alert`"])}
	count(rule_valid.deny) == 1 with input as _rule([{"name": "a", "rules": [{"record": "", "expr": "up"}]}])
}

test_missing_or_empty_expr_denied if {
	count(rule_valid.deny) == 1 with input as _rule([{"name": "a", "rules": [{"record": "x"}]}])
	count(rule_valid.deny) == 1 with input as _rule([{"name": "a", "rules": [{"record": "x", "expr": " "}]}])
	count(rule_valid.deny) == 0 with input as _rule([{"name": "a", "rules": [{"record": "x", "expr": 1}]}])
}

test_alerting_fields_on_recording_rule_denied if {
	rule := object.union(_record, {"for": "5m", "keep_firing_for": "1m", "annotations": {"summary": "x"}})
	msgs := {f.msg | some f in rule_valid.deny} with input as _rule([{"name": "a", "rules": [rule]}])
	count(msgs) == 3
	concat("", [_prefix, "spec.groups[0].rules[0] records \"job:up:sum\" and sets `for`, which only alerting rules have"]) in msgs
}

test_braces_in_recorded_name_denied if {
	rule := object.union(_record, {"record": "job:up:sum{job=\"a\"}"})
	some f in rule_valid.deny with input as _rule([{"name": "a", "rules": [rule]}])
	contains(f.msg, "braces belong in `expr`")
}

test_two_objects_may_share_group_names if {
	a := _rule([{"name": "a", "rules": [_record]}])
	b := json.patch(a, [{"op": "replace", "path": "/metadata/name", "value": "other"}])
	count(rule_valid.deny) == 0 with input as {"apiVersion": "v1", "kind": "List", "items": [a, b]}
}
