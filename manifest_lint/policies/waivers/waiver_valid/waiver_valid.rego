# METADATA
# title: Waiver annotations are valid
# description: |
#   A waiver annotation policy.omnitide.dev/waive-<rule id> must give a reason, may give an
#   expiry date (expires=YYYY-MM-DD) that has not passed, and must name a rule of the pack
#   (data.lib.catalog.rule_ids). A waiver that breaks one of these never applies, so the
#   finding it meant to waive fails the lint; this rule says why.
# scope: package
# custom:
#   id: waiver-valid
#   severity: medium
#   kinds: [all]
#   remediation: >-
#     Write the annotation as "<reason>[; expires=YYYY-MM-DD][; container=a,b]" with a rule id
#     from docs/policies.md, and renew or remove expired waivers.
package waivers.waiver_valid

import data.lib.catalog
import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(obj, null, sprintf("annotation %s%s: %s", [findings.waiver_prefix, w.rule_id, problem])) if {
	some obj in k8s.objects
	annotations := object.get(obj, ["metadata", "annotations"], {})
	strings.any_prefix_match(object.keys(annotations), findings.waiver_prefix) # builtins first: most objects waive nothing
	some w in findings.waivers_in(annotations)
	some problem in _problems(w)
}

_problems(w) := {p | some p in _checks(w)}

_checks(w) := [p |
	some check in [
		_no_reason(w),
		_unreadable_expiry(w),
		_past_expiry(w),
		_unknown_rule(w),
	]
	some p in check
]

_no_reason(w) := {"gives no reason"} if w.reason == ""

_no_reason(w) := set() if w.reason != ""

_unreadable_expiry(w) := {sprintf("expiry %q is not a date written YYYY-MM-DD", [w.expires])} if {
	w.expires != null
	not _readable(w.expires)
} else := set()

_past_expiry(w) := {sprintf("expired on %s", [w.expires])} if {
	_readable(w.expires)
	findings.expired(w)
} else := set()

_unknown_rule(w) := {sprintf("no rule has the id %q", [w.rule_id])} if {
	not w.rule_id in catalog.rule_ids
} else := set()

_readable(s) if {
	is_string(s)
	regex.match(`^\d{4}-\d{2}-\d{2}$`, s)
	time.parse_ns("2006-01-02", s)
}
