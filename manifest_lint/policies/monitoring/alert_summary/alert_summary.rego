# METADATA
# title: Alerts say what is wrong
# description: |
#   Every alerting rule of a PrometheusRule (monitoring.coreos.com) needs a non-empty
#   `annotations.summary` or `annotations.description`: the notification shows them, and
#   without either a page names only the alert. (pint's alerts/annotation; every
#   kubernetes-mixin alert has one.) A `runbook_url` is not required here: where runbooks
#   live is a team's choice (the constructs link one when given `runbook_base_url`).
# scope: package
# custom:
#   id: mon-alert-summary
#   severity: low
#   kinds: [PrometheusRule]
#   remediation: Add annotations.summary saying what is wrong and where, with the value ({{ $value }}).
package monitoring.alert_summary

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(a.object, null, detail) if {
	some a in _alerts
	not _has(a.rule, "summary")
	not _has(a.rule, "description")
	detail := sprintf("%s has no `annotations.summary` or `annotations.description`", [a.where])
}

_alerts contains {"object": obj, "rule": rule, "where": where} if {
	some obj in k8s.objects_of("PrometheusRule")
	startswith(object.get(obj, "apiVersion", ""), "monitoring.coreos.com/")
	some i, group in _array(object.get(obj, ["spec", "groups"], []))
	some j, rule in _array(object.get(group, "rules", []))
	is_string(rule.alert)
	where := sprintf("spec.groups[%d].rules[%d] (alert %q)", [i, j, rule.alert])
}

_array(value) := value if is_array(value)

_array(value) := [] if not is_array(value)

_has(rule, annotation) if {
	text := rule.annotations[annotation]
	is_string(text)
	trim_space(text) != ""
}
