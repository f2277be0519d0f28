# METADATA
# title: PrometheusRules load in Prometheus
# description: |
#   A PrometheusRule (monitoring.coreos.com) becomes one rule file, which Prometheus refuses
#   whole (keeping the rules it had, and logging an error) when a group name is empty or
#   repeated, a rule sets both or neither of `record` and `alert`, a rule has no `expr`, a
#   recording rule sets `for`, `keep_firing_for` or `annotations`, or a recorded name has
#   braces; the operator's admission webhook, where it is installed, refuses the object
#   instead. These are the checks of Prometheus' rule file loader (model/rulefmt) that need no
#   PromQL parser; run `promtool check rules` on the groups for the rest.
# scope: package
# custom:
#   id: mon-rule-valid
#   severity: high
#   kinds: [PrometheusRule]
#   remediation: Fix the group or rule named; `promtool check rules` on the spec.groups reports the same.
package monitoring.rule_valid

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(g.object, null, sprintf("spec.groups[%d] has no name", [g.index])) if {
	some g in _groups
	not _text(object.get(g.group, "name", null))
}

_violations contains findings.problem(g.object, null, detail) if {
	some g in _groups
	name := g.group.name
	_text(name)
	some other in _groups
	other.object == g.object
	other.index < g.index
	other.group.name == name
	detail := sprintf("spec.groups[%d] is named %q like spec.groups[%d]: group names repeat in one rule file", [g.index, name, other.index])
}

_violations contains findings.problem(r.object, null, sprintf("%s sets both `record` and `alert`", [r.where])) if {
	some r in _rules
	_set(r.rule, "record")
	_set(r.rule, "alert")
}

_violations contains findings.problem(r.object, null, sprintf("%s sets neither `record` nor `alert`", [r.where])) if {
	some r in _rules
	not _set(r.rule, "record")
	not _set(r.rule, "alert")
}

_violations contains findings.problem(r.object, null, sprintf("%s has no `expr`", [r.where])) if {
	some r in _rules
	not _expr(object.get(r.rule, "expr", null))
}

_violations contains findings.problem(r.object, null, detail) if {
	some r in _rules
	_set(r.rule, "record")
	not _set(r.rule, "alert")
	some field in ["for", "keep_firing_for", "annotations"]
	_set(r.rule, field)
	detail := sprintf("%s records %q and sets `%s`, which only alerting rules have", [r.where, r.rule.record, field])
}

_violations contains findings.problem(r.object, null, detail) if {
	some r in _rules
	is_string(r.rule.record)
	regex.match(`[{}]`, r.rule.record)
	detail := sprintf("%s records %q: braces belong in `expr`, not in the recorded name", [r.where, r.rule.record])
}

_groups contains {"object": obj, "index": i, "group": group} if {
	some obj in k8s.objects_of("PrometheusRule")
	startswith(object.get(obj, "apiVersion", ""), "monitoring.coreos.com/")
	some i, group in _array(object.get(obj, ["spec", "groups"], []))
	is_object(group)
}

_rules contains {"object": g.object, "rule": rule, "where": sprintf("spec.groups[%d].rules[%d]", [g.index, j])} if {
	some g in _groups
	some j, rule in _array(object.get(g.group, "rules", []))
	is_object(rule)
}

_array(value) := value if is_array(value)

_array(value) := [] if not is_array(value)

_text(value) if {
	is_string(value)
	value != ""
}

# _set holds for a field that is present and not empty (Prometheus' YAML ignores null and "").
_set(rule, field) if {
	value := rule[field]
	value != null
	value != ""
	value != {}
}

_expr(value) if _text(trim_space(value))

_expr(value) if is_number(value)
