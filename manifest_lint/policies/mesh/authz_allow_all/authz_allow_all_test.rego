package mesh.authz_allow_all_test

import data.mesh.authz_allow_all

_policy(spec) := {
	"apiVersion": "security.istio.io/v1",
	"kind": "AuthorizationPolicy",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": object.union({"selector": {"matchLabels": {"app": "web"}}}, spec),
}

_from(namespace, port) := {"from": [{"source": {"namespaces": [namespace]}}], "to": [{"operation": {"ports": [port]}}]}

test_named_peers_allowed if {
	count(authz_allow_all.deny) == 0 with input as _policy({"action": "ALLOW", "rules": [_from("ingress-nginx", "80"), _from("monitoring", "9090")]})
	principals := {"from": [{"source": {"principals": ["cluster.local/ns/shop/sa/client"]}}]}
	count(authz_allow_all.deny) == 0 with input as _policy({"rules": [principals]})
}

test_no_rules_is_deny_all if {
	count(authz_allow_all.deny) == 0 with input as _policy({"action": "ALLOW"})
	count(authz_allow_all.deny) == 0 with input as _policy({})
}

test_empty_rule_denied if {
	some f in authz_allow_all.deny with input as _policy({"action": "ALLOW", "rules": [{}]})
	f.rule_id == "mesh-authz-allow-all"
	f.msg == `mesh-authz-allow-all: AuthorizationPolicy/shop/web: spec.rules[0] {} allows requests from any source: every request`
}

test_rule_without_source_denied if {
	rule := {"to": [{"operation": {"ports": ["80"]}}]}
	some f in authz_allow_all.deny with input as _policy({"rules": [_from("monitoring", "9090"), rule]})
	startswith(f.msg, "mesh-authz-allow-all: AuthorizationPolicy/shop/web: spec.rules[1] ")
	endswith(f.msg, "allows requests from any source to the operations of its `to`")
}

test_wildcard_sources_denied if {
	count(authz_allow_all.deny) == 1 with input as _policy({"rules": [{"from": [{"source": {"namespaces": ["*"]}}]}]})
	count(authz_allow_all.deny) == 1 with input as _policy({"rules": [{"from": [{"source": {"principals": ["*"]}}]}]})
	count(authz_allow_all.deny) == 1 with input as _policy({"rules": [{"from": [{"source": {}}]}]})
	count(authz_allow_all.deny) == 0 with input as _policy({"rules": [{"from": [{"source": {"namespaces": ["*"], "ipBlocks": ["10.0.0.0/8"]}}]}]})
}

test_conditions_restrict if {
	rule := {"when": [{"key": "request.auth.claims[iss]", "values": ["https://accounts.example.com"]}]}
	count(authz_allow_all.deny) == 0 with input as _policy({"rules": [rule]})
}

test_deny_audit_and_custom_not_checked if {
	count(authz_allow_all.deny) == 0 with input as _policy({"action": "DENY", "rules": [{}]})
	count(authz_allow_all.deny) == 0 with input as _policy({"action": "AUDIT", "rules": [{}]})
	count(authz_allow_all.deny) == 0 with input as _policy({"action": "CUSTOM", "provider": {"name": "ext-authz"}, "rules": [{}]})
}

test_waived if {
	policy := json.patch(_policy({"rules": [{}]}), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-mesh-authz-allow-all": "public health endpoint of the demo"},
	}])
	count(authz_allow_all.deny) == 0 with input as policy
	count(authz_allow_all.warn) == 1 with input as policy
}
