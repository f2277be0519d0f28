package monitoring.alert_for_test

import data.monitoring.alert_for

_rule(rules) := {
	"apiVersion": "monitoring.coreos.com/v1",
	"kind": "PrometheusRule",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"groups": [{"name": "web", "rules": rules}]},
}

_alert := {"alert": "WebDown", "expr": "up{job=\"web\"} == 0", "labels": {"severity": "critical"}}

test_alert_with_for_allowed if {
	count(alert_for.deny) == 0 with input as _rule([object.union(_alert, {"for": "5m"})])
}

test_alert_without_for_denied if {
	some f in alert_for.deny with input as _rule([_alert])
	f.rule_id == "mon-alert-for"
	f.kind == "PrometheusRule"
	f.msg == concat("", [
		`mon-alert-for: PrometheusRule/shop/web: spec.groups[0].rules[0] (alert "WebDown") has no `,
		"`for`: it fires on the first evaluation that returns a series",
	])
}

test_zero_for_denied if {
	every zero in ["0", "0s", "0m", "0h0m"] {
		some f in alert_for.deny with input as _rule([object.union(_alert, {"for": zero})])
		contains(f.msg, sprintf("has `for: %s`", [zero]))
	}
}

test_recording_rules_and_watchdog_ignored if {
	rules := [{"record": "job:up:sum", "expr": "sum by (job) (up)"}, {"alert": "Watchdog", "expr": "vector(1)"}]
	count(alert_for.deny) == 0 with input as _rule(rules)
}

test_every_alert_reported if {
	other := object.union(_alert, {"alert": "WebSlow"})
	count(alert_for.deny) == 2 with input as _rule([_alert, other])
}

test_waived if {
	doc := json.patch(_rule([_alert]), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-mon-alert-for": "a heartbeat for the dead man's switch"},
	}])
	count(alert_for.deny) == 0 with input as doc
	count(alert_for.warn) == 1 with input as doc
}

test_other_kinds_and_groups_ignored if {
	count(alert_for.deny) == 0 with input as object.union(_rule([_alert]), {"apiVersion": "example.com/v1"})
	count(alert_for.deny) == 0 with input as {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}
	count(alert_for.deny) == 0 with input as {"apiVersion": "monitoring.coreos.com/v1", "kind": "PrometheusRule", "metadata": {"name": "x"}, "spec": {"groups": "bad"}}
}
