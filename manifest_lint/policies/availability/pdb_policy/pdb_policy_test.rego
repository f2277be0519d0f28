package availability.pdb_policy_test

import data.availability.pdb_policy

_pdb(spec) := {
	"apiVersion": "policy/v1",
	"kind": "PodDisruptionBudget",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": object.union({"selector": {"matchLabels": {"app": "web"}}}, spec),
}

test_no_budget_denied if {
	some f in pdb_policy.deny with input as _pdb({})
	f.rule_id == "avail-pdb-policy"
	f.kind == "PodDisruptionBudget"
	f.msg == "avail-pdb-policy: PodDisruptionBudget/shop/web: sets neither spec.minAvailable nor spec.maxUnavailable, so it allows every pod it selects to be evicted at once"
	count(pdb_policy.deny) == 1 with input as _pdb({"minAvailable": null, "maxUnavailable": null})
	count(pdb_policy.deny) == 1 with input as json.remove(_pdb({}), ["spec"])
}

test_budget_allowed if {
	count(pdb_policy.deny) == 0 with input as _pdb({"maxUnavailable": 1})
	count(pdb_policy.deny) == 0 with input as _pdb({"minAvailable": "50%"})
	count(pdb_policy.deny) == 0 with input as _pdb({"maxUnavailable": 0})
}

test_v1beta1_defaults_min_available if {
	v1beta1 := json.patch(_pdb({}), [{"op": "replace", "path": "/apiVersion", "value": "policy/v1beta1"}])
	count(pdb_policy.deny) == 0 with input as v1beta1
}

test_lists_checked if {
	count(pdb_policy.deny) == 1 with input as {"kind": "List", "items": [_pdb({}), {"kind": "Service", "metadata": {"name": "web"}}]}
}

test_waived if {
	pdb := json.patch(_pdb({}), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-avail-pdb-policy": "placeholder until the SRE review sets the budget; expires=2099-01-01"},
	}])
	count(pdb_policy.deny) == 0 with input as pdb
	some f in pdb_policy.warn with input as pdb
	f.waiver_reason == "placeholder until the SRE review sets the budget"
}
