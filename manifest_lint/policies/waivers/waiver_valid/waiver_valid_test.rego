package waivers.waiver_valid_test

import data.waivers.waiver_valid

# 2025-06-15T00:00:00Z
_now := 1749945600000000000

_ids := {"pss-privileged", "waiver-valid"}

_pod(annotations) := {
	"apiVersion": "v1",
	"kind": "Pod",
	"metadata": {"name": "p", "namespace": "shop", "annotations": annotations},
	"spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]},
}

test_valid_waiver_allowed if {
	deny := waiver_valid.deny with input as _pod({"policy.omnitide.dev/waive-pss-privileged": "CNI agent; expires=2025-12-31; container=app"}) with time.now_ns as _now with data.lib.catalog.rule_ids as _ids
	count(deny) == 0
}

test_waiver_expiring_today_allowed if {
	deny := waiver_valid.deny with input as _pod({"policy.omnitide.dev/waive-pss-privileged": "CNI agent; expires=2025-06-15"}) with time.now_ns as _now with data.lib.catalog.rule_ids as _ids
	count(deny) == 0
}

test_other_annotations_ignored if {
	deny := waiver_valid.deny with input as _pod({"example.com/waive-anything": ""}) with time.now_ns as _now with data.lib.catalog.rule_ids as _ids
	count(deny) == 0
}

test_waiver_without_reason_denied if {
	deny := waiver_valid.deny with input as _pod({"policy.omnitide.dev/waive-pss-privileged": "expires=2025-12-31"}) with time.now_ns as _now with data.lib.catalog.rule_ids as _ids
	some f in deny
	f.rule_id == "waiver-valid"
	f.container == null
	contains(f.msg, "policy.omnitide.dev/waive-pss-privileged: gives no reason")
}

test_empty_waiver_denied if {
	deny := waiver_valid.deny with input as _pod({"policy.omnitide.dev/waive-pss-privileged": ""}) with time.now_ns as _now with data.lib.catalog.rule_ids as _ids
	count(deny) == 1
}

test_past_expiry_denied if {
	deny := waiver_valid.deny with input as _pod({"policy.omnitide.dev/waive-pss-privileged": "temporary; expires=2025-06-14"}) with time.now_ns as _now with data.lib.catalog.rule_ids as _ids
	some f in deny
	contains(f.msg, "expired on 2025-06-14")
}

test_unreadable_expiry_denied if {
	deny := waiver_valid.deny with input as _pod({"policy.omnitide.dev/waive-pss-privileged": "temporary; expires=next week"}) with time.now_ns as _now with data.lib.catalog.rule_ids as _ids
	some f in deny
	contains(f.msg, `expiry "next week" is not a date written YYYY-MM-DD`)
}

test_impossible_date_denied if {
	deny := waiver_valid.deny with input as _pod({"policy.omnitide.dev/waive-pss-privileged": "temporary; expires=2025-13-40"}) with time.now_ns as _now with data.lib.catalog.rule_ids as _ids
	count(deny) == 1
}

test_unknown_rule_denied if {
	deny := waiver_valid.deny with input as _pod({"policy.omnitide.dev/waive-pss-privilegd": "typo"}) with time.now_ns as _now with data.lib.catalog.rule_ids as _ids
	some f in deny
	contains(f.msg, `no rule has the id "pss-privilegd"`)
}

test_every_problem_reported if {
	deny := waiver_valid.deny with input as _pod({"policy.omnitide.dev/waive-nope": "expires=2020-01-01"}) with time.now_ns as _now with data.lib.catalog.rule_ids as _ids
	count(deny) == 3
}

test_items_of_a_list_checked if {
	list := {"apiVersion": "v1", "kind": "List", "items": [_pod({"policy.omnitide.dev/waive-nope": "x"})]}
	count(waiver_valid.deny) == 1 with input as list with data.lib.catalog.rule_ids as _ids
}

test_bad_waiver_can_itself_be_waived if {
	annotations := {
		"policy.omnitide.dev/waive-nope": "x",
		"policy.omnitide.dev/waive-waiver-valid": "rule lands next release",
	}
	deny := waiver_valid.deny with input as _pod(annotations) with time.now_ns as _now with data.lib.catalog.rule_ids as _ids
	count(deny) == 0
	count(waiver_valid.warn) == 1 with input as _pod(annotations) with data.lib.catalog.rule_ids as _ids
}
