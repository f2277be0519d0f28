package cross.netpol_peer_selects_pods_test

import data.cross.netpol_peer_selects_pods

_combined(docs) := [{"path": "manifests.yaml", "contents": doc} | some doc in docs]

_workload(name) := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": name, "namespace": "shop"},
	"spec": {"template": {"metadata": {"labels": {"app": name}}}},
}

_policy(spec) := {
	"apiVersion": "networking.k8s.io/v1",
	"kind": "NetworkPolicy",
	"metadata": {"name": "db", "namespace": "shop"},
	"spec": object.union({"podSelector": {"matchLabels": {"app": "db"}}, "policyTypes": ["Ingress", "Egress"]}, spec),
}

_from(peer) := {"ingress": [{"from": [peer]}]}

test_peer_selecting_pods_allowed if {
	docs := [_workload("db"), _workload("web"), _policy({
		"ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "web"}}}]}],
		"egress": [{"to": [{"podSelector": {"matchExpressions": [{"key": "app", "operator": "In", "values": ["db"]}]}}]}],
	})]
	count(netpol_peer_selects_pods.deny) == 0 with input as _combined(docs)
}

test_dangling_ingress_peer_denied if {
	docs := [_workload("db"), _workload("web"), _policy({"ingress": [
		{"from": [{"ipBlock": {"cidr": "10.0.0.0/8"}}]},
		{"from": [{"podSelector": {"matchLabels": {"app": "web"}}}, {"podSelector": {"matchLabels": {"app": "wbe"}}}]},
	]})]
	some f in netpol_peer_selects_pods.deny with input as _combined(docs)
	f.rule_id == "cross-netpol-peer-selects-pods"
	f.msg == `cross-netpol-peer-selects-pods: NetworkPolicy/shop/db: spec.ingress[1].from[1].podSelector {"matchLabels": {"app": "wbe"}} matches the pods of no workload in namespace "shop", so the rule allows no traffic from it`
	count(netpol_peer_selects_pods.deny) == 1 with input as _combined(docs)
}

test_dangling_egress_peer_denied if {
	docs := [_workload("db"), _policy({"egress": [{"to": [{"podSelector": {"matchLabels": {"app": "cache"}}}]}]})]
	some f in netpol_peer_selects_pods.deny with input as _combined(docs)
	contains(f.msg, `spec.egress[0].to[0].podSelector {"matchLabels": {"app": "cache"}} matches the pods of no workload in namespace "shop", so the rule allows no traffic to it`)
}

test_empty_peer_selector_allowed if {
	count(netpol_peer_selects_pods.deny) == 0 with input as _combined([_policy(_from({"podSelector": {}}))])
}

test_peer_with_namespace_selector_ignored if {
	peer := {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "gateway"}}, "podSelector": {"matchLabels": {"app": "envoy"}}}
	count(netpol_peer_selects_pods.deny) == 0 with input as _combined([_policy(_from(peer))])
	same := {"namespaceSelector": {}, "podSelector": {"matchLabels": {"app": "nothing"}}}
	count(netpol_peer_selects_pods.deny) == 0 with input as _combined([_policy(_from(same))])
}

test_pods_in_other_namespace_do_not_count if {
	web := json.patch(_workload("web"), [{"op": "replace", "path": "/metadata/namespace", "value": "front"}])
	count(netpol_peer_selects_pods.deny) == 1 with input as _combined([web, _policy(_from({"podSelector": {"matchLabels": {"app": "web"}}}))])
}

test_operator_pods_count if {
	prometheus := {"apiVersion": "monitoring.coreos.com/v1", "kind": "Prometheus", "metadata": {"name": "k8s", "namespace": "shop"}, "spec": {}}
	peer := {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "prometheus"}}}
	count(netpol_peer_selects_pods.deny) == 0 with input as _combined([prometheus, _policy(_from(peer))])
}

test_malformed_rules_ignored if {
	count(netpol_peer_selects_pods.deny) == 0 with input as _combined([_policy({"ingress": null, "egress": [{"to": null}]})])
}

test_single_document_input_gives_nothing if {
	count(netpol_peer_selects_pods.deny) == 0 with input as _policy(_from({"podSelector": {"matchLabels": {"app": "wbe"}}}))
}

test_waived if {
	policy := json.patch(_policy(_from({"podSelector": {"matchLabels": {"app": "batch"}}})), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-cross-netpol-peer-selects-pods": "batch pods come from the analytics release"},
	}])
	count(netpol_peer_selects_pods.deny) == 0 with input as _combined([policy])
	some f in netpol_peer_selects_pods.warn with input as _combined([policy])
	f.waiver_reason == "batch pods come from the analytics release"
}
