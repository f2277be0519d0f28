# METADATA
# title: Alerts carry a severity label
# description: |
#   Every alerting rule of a PrometheusRule (monitoring.coreos.com) must set a non-empty
#   `labels.severity`. Alertmanager routes by labels, and the usual configurations (the
#   kube-prometheus and Grafana ones among them) route on `severity`: an alert without it
#   falls to the default receiver, where it pages no one or everyone. (pint's rule/label with
#   `severity` required; every kubernetes-mixin alert has one.)
# scope: package
# custom:
#   id: mon-alert-severity
#   severity: medium
#   kinds: [PrometheusRule]
#   remediation: Add `labels.severity` (e.g. critical for a page, warning for a ticket) to the alerting rule.
package monitoring.alert_severity

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(a.object, null, detail) if {
	some a in _alerts
	not _has_severity(a.rule)
	detail := sprintf("%s has no `labels.severity`: Alertmanager cannot route it by severity", [a.where])
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

_has_severity(rule) if {
	severity := rule.labels.severity
	is_string(severity)
	trim_space(severity) != ""
}
