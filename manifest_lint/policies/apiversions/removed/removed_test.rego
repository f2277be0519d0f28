package apiversions.removed_test

import data.apiversions.removed

_pdb(api) := {"apiVersion": api, "kind": "PodDisruptionBudget", "metadata": {"name": "pdb", "namespace": "ns"}, "spec": {}}

test_removed_denied if {
	some f in removed.deny with input as _pdb("policy/v1beta1")
	f.rule_id == "api-removed-version"
	f.severity == "high"
	f.msg == `api-removed-version: PodDisruptionBudget/ns/pdb: apiVersion "policy/v1beta1" of PodDisruptionBudget was removed in Kubernetes 1.25 (target 1.37); use policy/v1`
}

test_current_allowed if {
	count(removed.deny) == 0 with input as _pdb("policy/v1")
}

test_older_target_allowed if {
	count(removed.deny) == 0 with input as _pdb("policy/v1beta1") with data.lint_config.kube_version as "1.24"
}

test_ingress_in_list_denied if {
	doc := {"kind": "List", "items": [{"apiVersion": "extensions/v1beta1", "kind": "Ingress", "metadata": {"name": "i"}}]}
	some f in removed.deny with input as doc
	contains(f.msg, "removed in Kubernetes 1.22")
	contains(f.msg, "use networking.k8s.io/v1")
}

test_custom_resource_ignored if {
	count(removed.deny) == 0 with input as {"apiVersion": "example.com/v1beta1", "kind": "Ingress", "metadata": {"name": "i"}}
}
