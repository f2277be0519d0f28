package metadata.known_kind_test

import data.metadata.known_kind

_typo := {"apiVersion": "apps/v1", "kind": "Deploymnet", "metadata": {"name": "web", "namespace": "shop"}}

_facts := {"unknown_kinds": {"apps/v1 Deploymnet": " (did you mean apps/v1 Deployment?)"}}

test_unknown_kind_is_a_finding_with_the_hint if {
	# regal ignore:unresolved-reference
	some f in known_kind.deny with input as _typo with data.lint_facts as _facts
	f.rule_id == "unknown-kind"
	f.msg == "unknown-kind: Deploymnet/shop/web: apps/v1 Deploymnet is not a kind that Kubernetes 1.30 and later, the pinned CRDs or a CRD in the input define (did you mean apps/v1 Deployment?)"
}

test_known_kind_passes if {
	# regal ignore:unresolved-reference
	count(known_kind.deny) == 0 with input as object.union(_typo, {"kind": "Deployment"}) with data.lint_facts as _facts
}

test_without_facts_the_rule_is_silent if {
	count(known_kind.deny) == 0 with input as _typo
}

test_waived_with_a_reason if {
	waived := object.union(_typo, {"metadata": {"annotations": {"policy.omnitide.dev/waive-unknown-kind": "CRD installed by the platform team"}}})

	# regal ignore:unresolved-reference
	count(known_kind.deny) == 0 with input as waived with data.lint_facts as _facts

	# regal ignore:unresolved-reference
	count(known_kind.warn) == 1 with input as waived with data.lint_facts as _facts
}
