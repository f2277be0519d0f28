package cross.netpol_selects_pods_test

import data.cross.netpol_selects_pods

_combined(docs) := [{"path": "manifests.yaml", "contents": doc} | some doc in docs]

_deployment := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"template": {"metadata": {"labels": {"app": "web", "tier": "front"}}}},
}

_policy(spec) := {
	"apiVersion": "networking.k8s.io/v1",
	"kind": "NetworkPolicy",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": object.union({"policyTypes": ["Ingress"]}, spec),
}

test_selecting_policy_allowed if {
	count(netpol_selects_pods.deny) == 0 with input as _combined([_deployment, _policy({"podSelector": {"matchLabels": {"app": "web"}}})])
	expressions := {"matchExpressions": [{"key": "tier", "operator": "In", "values": ["front"]}, {"key": "canary", "operator": "DoesNotExist"}]}
	count(netpol_selects_pods.deny) == 0 with input as _combined([_deployment, _policy({"podSelector": expressions})])
}

test_dangling_policy_denied if {
	some f in netpol_selects_pods.deny with input as _combined([_deployment, _policy({"podSelector": {"matchLabels": {"app": "wbe"}}})])
	f.rule_id == "cross-netpol-selects-pods"
	f.kind == "NetworkPolicy"
	f.msg == `cross-netpol-selects-pods: NetworkPolicy/shop/web: spec.podSelector {"matchLabels": {"app": "wbe"}} matches the pods of no workload in namespace "shop", so the policy isolates nothing`
	failing := {"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["front"]}]}
	count(netpol_selects_pods.deny) == 1 with input as _combined([_deployment, _policy({"podSelector": failing})])
}

test_empty_or_missing_selector_selects_all if {
	count(netpol_selects_pods.deny) == 0 with input as _combined([_policy({"podSelector": {}})])
	count(netpol_selects_pods.deny) == 0 with input as _combined([_deployment, _policy({})])
	count(netpol_selects_pods.deny) == 0 with input as _combined([_policy({"podSelector": null})])
}

test_workload_in_other_namespace_does_not_count if {
	other := json.patch(_deployment, [{"op": "replace", "path": "/metadata/namespace", "value": "other"}])
	count(netpol_selects_pods.deny) == 1 with input as _combined([other, _policy({"podSelector": {"matchLabels": {"app": "web"}}})])
}

test_operator_pods_count if {
	prometheus := {"apiVersion": "monitoring.coreos.com/v1", "kind": "Prometheus", "metadata": {"name": "k8s", "namespace": "shop"}, "spec": {}}
	selector := {"matchLabels": {"app.kubernetes.io/name": "prometheus", "prometheus": "k8s"}}
	count(netpol_selects_pods.deny) == 0 with input as _combined([prometheus, _policy({"podSelector": selector})])
}

test_cronjob_pods_count if {
	cronjob := {
		"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "report", "namespace": "shop"},
		"spec": {"jobTemplate": {"spec": {"template": {"metadata": {"labels": {"app": "report"}}}}}},
	}
	count(netpol_selects_pods.deny) == 0 with input as _combined([cronjob, _policy({"podSelector": {"matchLabels": {"app": "report"}}})])
}

test_single_document_input_gives_nothing if {
	count(netpol_selects_pods.deny) == 0 with input as _policy({"podSelector": {"matchLabels": {"app": "wbe"}}})
}

test_waived if {
	policy := json.patch(_policy({"podSelector": {"matchLabels": {"app": "later"}}}), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-cross-netpol-selects-pods": "pods are deployed by the data team's chart"},
	}])
	count(netpol_selects_pods.deny) == 0 with input as _combined([_deployment, policy])
	count(netpol_selects_pods.warn) == 1 with input as _combined([_deployment, policy])
}
