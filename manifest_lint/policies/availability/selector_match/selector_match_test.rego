package availability.selector_match_test

import data.availability.selector_match

_deploy(selector, labels) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {
	"selector": selector,
	"template": {"metadata": {"labels": labels}, "spec": {"containers": [{"name": "a"}]}},
}}

test_mismatch_denied if {
	some f in selector_match.deny with input as _deploy({"matchLabels": {"app": "web"}}, {"app": "api"})
	f.rule_id == "avail-selector-match"
	contains(f.msg, `spec.selector {"matchLabels":{"app":"web"}} does not match spec.template.metadata.labels {"app":"api"}`)
}

test_missing_selector_denied if {
	some f in selector_match.deny with input as _deploy({}, {"app": "web"})
	contains(f.msg, "spec.selector is not set or empty")
}

test_expression_match_allowed if {
	sel := {"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "tier", "operator": "In", "values": ["fe"]}]}
	count(selector_match.deny) == 0 with input as _deploy(sel, {"app": "web", "tier": "fe", "x": "y"})
}

test_replication_controller_mismatch_denied if {
	doc := {"kind": "ReplicationController", "metadata": {"name": "rc"}, "spec": {"selector": {"app": "a"}, "template": {"metadata": {"labels": {"app": "b"}}}}}
	count(selector_match.deny) == 1 with input as doc
}
