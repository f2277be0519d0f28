package monitoring.alert_severity_test

import data.monitoring.alert_severity

_rule(rules) := {
	"apiVersion": "monitoring.coreos.com/v1",
	"kind": "PrometheusRule",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"groups": [{"name": "web", "rules": rules}]},
}

_alert := {"alert": "WebDown", "expr": "up == 0", "for": "5m"}

test_alert_with_severity_allowed if {
	count(alert_severity.deny) == 0 with input as _rule([object.union(_alert, {"labels": {"severity": "warning"}})])
}

test_alert_without_severity_denied if {
	some f in alert_severity.deny with input as _rule([_alert])
	f.rule_id == "mon-alert-severity"
	f.msg == concat("", [
		`mon-alert-severity: PrometheusRule/shop/web: spec.groups[0].rules[0] (alert "WebDown") has no `,
		"`labels.severity`: Alertmanager cannot route it by severity",
	])
}

test_empty_severity_or_other_labels_denied if {
	count(alert_severity.deny) == 1 with input as _rule([object.union(_alert, {"labels": {"severity": " "}})])
	count(alert_severity.deny) == 1 with input as _rule([object.union(_alert, {"labels": {"team": "web"}})])
}

test_recording_rules_ignored if {
	count(alert_severity.deny) == 0 with input as _rule([{"record": "job:up:sum", "expr": "sum by (job) (up)"}])
}

test_second_group_reported_with_its_index if {
	doc := json.patch(_rule([]), [{"op": "add", "path": "/spec/groups/-", "value": {"name": "b", "rules": [_alert]}}])
	some f in alert_severity.deny with input as doc
	contains(f.msg, `spec.groups[1].rules[0] (alert "WebDown")`)
}
