package lib.findings_test

import data.lib.findings

# A METADATA chain as rego.metadata.chain() gives it: the rule's own entry, then the package's.
_chain := [
	{"path": ["data", "x", "deny"], "annotations": {"scope": "rule"}},
	{"path": ["data", "x"], "annotations": {"title": "Test rule", "custom": {"id": "test-rule", "severity": "high"}}},
]

_deployment(annotations) := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web", "namespace": "shop", "annotations": annotations},
}

_waiver(value) := _deployment({"policy.omnitide.dev/waive-test-rule": value})

test_problem_keeps_what_a_finding_needs if {
	obj := _waiver("a reason")
	findings.problem(obj, "app", "it is bad") == {
		"kind": "Deployment",
		"namespace": "shop",
		"name": "web",
		"subject": `Deployment/shop/web container "app"`,
		"container": "app",
		"detail": "it is bad",
		"document": null,
		"waivers": findings.waivers_in(obj.metadata.annotations),
	}
	findings.problem({"kind": "Pod"}, null, "x").subject == "Pod/-/"
}

test_results_hold_waived_and_unwaived_findings if {
	violations := {findings.problem(_waiver("why"), "app", "x"), findings.problem(_deployment({}), "app", "x")}
	{f.waived | some f in findings.results(_chain, violations)} == {true, false}
	count(findings.results(_chain, violations)) == 2
}

test_rule_info_is_the_entry_with_an_id if {
	findings.rule_info(_chain) == _chain[1].annotations
	not findings.rule_info([{"annotations": {"title": "no id"}}])
}

test_unwaived_finding_fields_and_message if {
	violations := {findings.problem(_deployment({}), "app", "securityContext.privileged is true")}
	findings.unwaived(findings.results(_chain, violations)) == {{
		"msg": `test-rule: Deployment/shop/web container "app": securityContext.privileged is true`,
		"rule_id": "test-rule",
		"title": "Test rule",
		"severity": "high",
		"kind": "Deployment",
		"namespace": "shop",
		"name": "web",
		"container": "app",
		"detail": "securityContext.privileged is true",
		"waived": false,
		"waiver_reason": null,
		"document": null,
	}}
	findings.waived(findings.results(_chain, violations)) == set()
}

test_object_level_message_and_missing_fields if {
	obj := {"kind": "ClusterRole", "metadata": {"name": "reader"}}
	some f in findings.unwaived(findings.results(_chain, {findings.problem(obj, null, "rules[0] grants \"get\"")}))
	f.msg == `test-rule: ClusterRole/-/reader: rules[0] grants "get"`
	f.namespace == null
	f.container == null
	f.detail == `rules[0] grants "get"`
	some g in findings.unwaived(findings.results(_chain, {findings.problem({}, null, "odd")}))
	g.msg == "test-rule: ?/-/: odd"
	g.kind == null
	g.name == null
}

test_subject if {
	findings.problem({"kind": "Pod", "metadata": {"name": "p", "namespace": "n"}}, null, "x").subject == "Pod/n/p"
	findings.problem({"kind": "Pod", "metadata": {"name": "p"}}, "containers[0]", "x").subject == `Pod/-/p container "containers[0]"`
}

test_waived_finding_moves_to_warn if {
	violations := {findings.problem(_waiver("the CNI agent needs it"), "app", "detail text")}
	findings.unwaived(findings.results(_chain, violations)) == set()
	some f in findings.waived(findings.results(_chain, violations))
	f.waived == true
	f.waiver_reason == "the CNI agent needs it"
	f.msg == `test-rule (waived: the CNI agent needs it): Deployment/shop/web container "app": detail text`
	f.detail == "detail text"
}

test_waiver_for_another_rule_does_not_apply if {
	doc := _deployment({"policy.omnitide.dev/waive-other-rule": "reason"})
	count(findings.unwaived(findings.results(_chain, {findings.problem(doc, null, "x")}))) == 1
}

test_parse_waiver if {
	findings.parse_waiver("r", "a reason; expires=2030-01-31; container=app, sidecar") == {
		"rule_id": "r",
		"reason": "a reason",
		"expires": "2030-01-31",
		"containers": {"app", "sidecar"},
		"raw": "a reason; expires=2030-01-31; container=app, sidecar",
	}
	findings.parse_waiver("r", "plain").containers == set()
	findings.parse_waiver("r", "plain").expires == null

	# Options may come first; the other parts, rejoined, are the reason.
	findings.parse_waiver("r", "container=app; first; second").reason == "first; second"
	findings.parse_waiver("r", "expires=2030-01-01").reason == ""
}

test_waivers_of_an_object if {
	doc := _deployment({
		"policy.omnitide.dev/waive-a": "why a",
		"policy.omnitide.dev/waive-b": "why b; container=x",
		"unrelated": "value",
	})
	{[w.rule_id, w.reason] | some w in findings.waivers_in(doc.metadata.annotations)} == {["a", "why a"], ["b", "why b"]}
	findings.waivers_in({}) == set()
}

test_waiver_without_reason_does_not_apply if {
	violations := {findings.problem(_waiver("expires=2200-01-01"), null, "x")}
	count(findings.unwaived(findings.results(_chain, violations))) == 1
	not findings.usable(findings.parse_waiver("test-rule", " ; "))
}

# 2024-06-15T12:00:00Z
_now := 1718452800000000000

test_expiry if {
	findings.expired(findings.parse_waiver("r", "x; expires=2024-06-14")) with time.now_ns as _now
	not findings.expired(findings.parse_waiver("r", "x; expires=2024-06-15")) with time.now_ns as _now
	not findings.expired(findings.parse_waiver("r", "x; expires=2024-06-16")) with time.now_ns as _now
	not findings.expired(findings.parse_waiver("r", "x")) with time.now_ns as _now

	# An unreadable date counts as expired, so a typo cannot waive forever.
	findings.expired(findings.parse_waiver("r", "x; expires=15/06/2024"))
	findings.expired(findings.parse_waiver("r", "x; expires=2024-13-01"))
}

test_expired_waiver_does_not_apply if {
	violations := {findings.problem(_waiver("temporary; expires=2020-01-01"), null, "x")}
	count(findings.unwaived(findings.results(_chain, violations))) == 1
	findings.waived(findings.results(_chain, violations)) == set()
	future := {findings.problem(_waiver("temporary; expires=2200-12-31"), null, "x")}
	findings.unwaived(findings.results(_chain, future)) == set()
}

test_container_scoped_waiver if {
	doc := _waiver("sidecar needs it; container=sidecar, helper")
	violations := {
		findings.problem(doc, "sidecar", "x"),
		findings.problem(doc, "helper", "x"),
		findings.problem(doc, "app", "x"),
		findings.problem(doc, null, "pod level"),
	}
	{f.container | some f in findings.waived(findings.results(_chain, violations))} == {"sidecar", "helper"}
	{f.container | some f in findings.unwaived(findings.results(_chain, violations))} == {"app", null}
}

test_positional_container_name_can_be_waived if {
	doc := _waiver("nameless; container=containers[0]")
	findings.unwaived(findings.results(_chain, {findings.problem(doc, "containers[0]", "x")})) == set()
}

test_without_metadata_no_findings if {
	# A chain without a custom id gives no results rather than malformed ones.
	findings.unwaived(findings.results([], {findings.problem(_deployment({}), null, "x")})) == set()
}
