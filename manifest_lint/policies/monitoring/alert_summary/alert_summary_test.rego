package monitoring.alert_summary_test

import data.monitoring.alert_summary

_rule(rules) := {
	"apiVersion": "monitoring.coreos.com/v1",
	"kind": "PrometheusRule",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"groups": [{"name": "web", "rules": rules}]},
}

_alert(annotations) := {"alert": "WebDown", "expr": "up == 0", "for": "5m", "annotations": annotations}

test_summary_or_description_allowed if {
	count(alert_summary.deny) == 0 with input as _rule([_alert({"summary": "web is down"})])
	count(alert_summary.deny) == 0 with input as _rule([_alert({"description": "web is down", "runbook_url": "https://runbooks.example.com/webdown"})])
}

test_no_annotations_denied if {
	some f in alert_summary.deny with input as _rule([{"alert": "WebDown", "expr": "up == 0"}])
	f.rule_id == "mon-alert-summary"
	f.msg == concat("", [
		`mon-alert-summary: PrometheusRule/shop/web: spec.groups[0].rules[0] (alert "WebDown") has no `,
		"`annotations.summary` or `annotations.description`",
	])
}

test_runbook_alone_or_empty_summary_denied if {
	count(alert_summary.deny) == 1 with input as _rule([_alert({"runbook_url": "https://runbooks.example.com/webdown"})])
	count(alert_summary.deny) == 1 with input as _rule([_alert({"summary": " "})])
}

test_recording_rules_ignored if {
	count(alert_summary.deny) == 0 with input as _rule([{"record": "job:up:sum", "expr": "sum by (job) (up)"}])
}
