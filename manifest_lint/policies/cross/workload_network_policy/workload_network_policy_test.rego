package cross.workload_network_policy_test

import data.cross.workload_network_policy

_combined(docs) := [{"path": "manifests.yaml", "contents": doc} | some doc in docs]

_deployment(namespace) := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web", "namespace": namespace},
	"spec": {"replicas": 2, "template": {"metadata": {"labels": {"app": "web"}}}},
}

_policy(namespace, selector) := {
	"apiVersion": "networking.k8s.io/v1",
	"kind": "NetworkPolicy",
	"metadata": {"name": "web", "namespace": namespace},
	"spec": {"podSelector": selector, "policyTypes": ["Ingress"]},
}

test_selected_workload_allowed if {
	docs := [_deployment("shop"), _policy("shop", {"matchLabels": {"app": "web"}})]
	count(workload_network_policy.deny) == 0 with input as _combined(docs)
}

test_empty_pod_selector_selects_all if {
	docs := [_deployment("shop"), _policy("shop", {})]
	count(workload_network_policy.deny) == 0 with input as _combined(docs)
}

test_uncovered_workload_denied if {
	docs := [_deployment("shop"), _policy("shop", {"matchLabels": {"app": "api"}})]
	some f in workload_network_policy.deny with input as _combined(docs)
	f.rule_id == "cross-workload-netpol"
	f.kind == "Deployment"
	f.msg == concat("", [
		`cross-workload-netpol: Deployment/shop/web: `,
		`no NetworkPolicy in namespace "shop" selects its pods (labels {"app": "web"})`,
	])
}

test_policy_in_other_namespace_does_not_count if {
	docs := [_deployment("shop"), _policy("other", {})]
	count(workload_network_policy.deny) == 1 with input as _combined(docs)
}

test_match_expressions_and_bare_pod if {
	pod := {
		"apiVersion": "v1", "kind": "Pod",
		"metadata": {"name": "debug", "namespace": "shop", "labels": {"role": "debug"}},
	}
	selector := {"matchExpressions": [{"key": "role", "operator": "In", "values": ["debug"]}]}
	count(workload_network_policy.deny) == 0 with input as _combined([pod, _policy("shop", selector)])
	count(workload_network_policy.deny) == 1 with input as _combined([pod])
}

test_single_document_input_gives_nothing if {
	count(workload_network_policy.deny) == 0 with input as _deployment("shop")
}

_typed_policy(name, types, spec) := object.union(_policy("shop", {"matchLabels": {"app": "web"}}), {
	"metadata": {"name": name, "namespace": "shop"},
	"spec": object.union({"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": types}, spec),
})

test_egress_only_policy_does_not_cover_ingress if {
	docs := [_deployment("shop"), _typed_policy("egress", ["Egress"], {"egress": [{}]})]
	some f in workload_network_policy.deny with input as _combined(docs)
	f.msg == concat("", [
		`cross-workload-netpol: Deployment/shop/web: `,
		`no NetworkPolicy in namespace "shop" governs ingress to its pods (labels {"app": "web"}): egress select them for Egress only`,
	])
	count(workload_network_policy.deny) == 1 with input as _combined(docs)
}

test_egress_only_plus_ingress_policy_covers if {
	docs := [_deployment("shop"), _typed_policy("egress", ["Egress"], {}), _typed_policy("ingress", ["Ingress"], {})]
	count(workload_network_policy.deny) == 0 with input as _combined(docs)
	both := [_deployment("shop"), _typed_policy("both", ["Egress", "Ingress"], {})]
	count(workload_network_policy.deny) == 0 with input as _combined(both)
}

test_default_policy_types_include_ingress if {
	# Without policyTypes (or with an empty list) a policy governs Ingress, whether or not it has ingress rules.
	bare := json.patch(_typed_policy("default", [], {"egress": [{}]}), [{"op": "remove", "path": "/spec/policyTypes"}])
	count(workload_network_policy.deny) == 0 with input as _combined([_deployment("shop"), bare])
	count(workload_network_policy.deny) == 0 with input as _combined([_deployment("shop"), _typed_policy("empty", [], {"egress": [{}]})])
}
