package cross.pdb_selects_test

import data.cross.pdb_selects

_combined(docs) := [{"path": "manifests.yaml", "contents": doc} | some doc in docs]

_statefulset := {
	"apiVersion": "apps/v1",
	"kind": "StatefulSet",
	"metadata": {"name": "db", "namespace": "shop"},
	"spec": {"replicas": 3, "template": {"metadata": {"labels": {"app": "db", "tier": "data"}}}},
}

_pdb(selector) := {
	"apiVersion": "policy/v1",
	"kind": "PodDisruptionBudget",
	"metadata": {"name": "db", "namespace": "shop"},
	"spec": {"maxUnavailable": 1, "selector": selector},
}

test_match_labels_allowed if {
	count(pdb_selects.deny) == 0 with input as _combined([_statefulset, _pdb({"matchLabels": {"app": "db"}})])
}

test_match_expressions_allowed if {
	selector := {"matchExpressions": [
		{"key": "app", "operator": "In", "values": ["db", "cache"]},
		{"key": "tier", "operator": "NotIn", "values": ["web"]},
		{"key": "tier", "operator": "Exists"},
		{"key": "canary", "operator": "DoesNotExist"},
		{"key": "track", "operator": "NotIn", "values": ["canary"]},
	]}
	count(pdb_selects.deny) == 0 with input as _combined([_statefulset, _pdb(selector)])
}

test_empty_selector_selects_all_pods if {
	count(pdb_selects.deny) == 0 with input as _combined([_statefulset, _pdb({})])
}

test_match_labels_mismatch_denied if {
	some f in pdb_selects.deny with input as _combined([_statefulset, _pdb({"matchLabels": {"app": "web"}})])
	f.rule_id == "cross-pdb-selects"
	f.kind == "PodDisruptionBudget"
	f.msg == concat("", [
		`cross-pdb-selects: PodDisruptionBudget/shop/db: `,
		`selector {"matchLabels": {"app": "web"}} matches no workload in namespace "shop"`,
	])
}

test_failing_expressions_denied if {
	selectors := [
		{"matchExpressions": [{"key": "app", "operator": "In", "values": ["cache"]}]},
		{"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["db"]}]},
		{"matchExpressions": [{"key": "zone", "operator": "Exists"}]},
		{"matchExpressions": [{"key": "tier", "operator": "DoesNotExist"}]},
		{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]},
		{"matchExpressions": [{"key": "app", "operator": "Unknown", "values": ["db"]}]},
		{"matchLabels": {"app": "db"}, "matchExpressions": [{"key": "tier", "operator": "In", "values": ["web"]}]},
	]
	every selector in selectors {
		count(pdb_selects.deny) == 1 with input as _combined([_statefulset, _pdb(selector)])
	}
}

test_missing_selector_denied if {
	pdb := json.remove(_pdb({}), ["spec/selector"])
	some f in pdb_selects.deny with input as _combined([_statefulset, pdb])
	contains(f.msg, "spec.selector is missing, so it selects no pods")
}

test_workload_in_other_namespace_does_not_count if {
	patch := [{"op": "replace", "path": "/metadata/namespace", "value": "other"}]
	pdb := json.patch(_pdb({"matchLabels": {"app": "db"}}), patch)
	count(pdb_selects.deny) == 1 with input as _combined([_statefulset, pdb])
}

test_single_document_input_gives_nothing if {
	count(pdb_selects.deny) == 0 with input as _pdb({"matchLabels": {"app": "web"}})
}

test_selecting_operator_pods_allowed if {
	alertmanager := {
		"apiVersion": "monitoring.coreos.com/v1",
		"kind": "Alertmanager",
		"metadata": {"name": "main", "namespace": "shop"},
		"spec": {"replicas": 3},
	}
	selector := {"matchLabels": {"app.kubernetes.io/name": "alertmanager", "alertmanager": "main"}}
	count(pdb_selects.deny) == 0 with input as _combined([alertmanager, _pdb(selector)])
	expressions := {"matchExpressions": [{"key": "alertmanager", "operator": "In", "values": ["main"]}]}
	count(pdb_selects.deny) == 0 with input as _combined([alertmanager, _pdb(expressions)])
	count(pdb_selects.deny) == 1 with input as _combined([alertmanager, _pdb({"matchLabels": {"alertmanager": "other"}})])
}
