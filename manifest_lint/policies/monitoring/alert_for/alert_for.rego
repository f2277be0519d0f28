# METADATA
# title: Alerts wait before they fire
# description: |
#   Every alerting rule of a PrometheusRule (monitoring.coreos.com) must have a non-zero `for`:
#   without one the alert fires on the first evaluation whose expression returns a series, so
#   one slow scrape, one restarted pod or one evaluation during a rollout pages someone, and
#   the alert flaps. Rules whose expression is `vector(1)` (an always-firing watchdog) are
#   exempt. (pint's rule/for; the kubernetes-mixin and kube-prometheus alerts all set one.)
# scope: package
# custom:
#   id: mon-alert-for
#   severity: medium
#   kinds: [PrometheusRule]
#   remediation: Set `for:` to how long the condition must hold before someone is paged, e.g. 5m.
package monitoring.alert_for

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(a.object, null, sprintf("%s has no `for`: %s", [a.where, _why])) if {
	some a in _alerts
	not _has_for(a.rule)
}

_violations contains findings.problem(a.object, null, sprintf("%s has `for: %v`: %s", [a.where, a.rule.for, _why])) if {
	some a in _alerts
	_has_for(a.rule)
	_zero(a.rule.for)
}

_why := "it fires on the first evaluation that returns a series"

_alerts contains {"object": obj, "rule": rule, "where": where} if {
	some obj in k8s.objects_of("PrometheusRule")
	startswith(object.get(obj, "apiVersion", ""), "monitoring.coreos.com/")
	some i, group in _array(object.get(obj, ["spec", "groups"], []))
	some j, rule in _array(object.get(group, "rules", []))
	is_string(rule.alert)
	not _watchdog(rule)
	where := sprintf("spec.groups[%d].rules[%d] (alert %q)", [i, j, rule.alert])
}

_array(value) := value if is_array(value)

_array(value) := [] if not is_array(value)

_has_for(rule) if rule.for != null

_zero(duration) if regex.match(`^(0|(0+(ms|s|m|h|d|w|y))+)$`, sprintf("%v", [duration]))

_watchdog(rule) if regex.match(`^\s*vector\(\s*1\s*\)\s*$`, sprintf("%v", [rule.expr]))
