package security.namespace_pss_test

import data.security.namespace_pss

_namespace(labels) := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": labels}}

test_missing_label_denied if {
	some f in namespace_pss.deny with input as _namespace({"team": "a"})
	f.rule_id == "namespace-pss-enforce"
	f.severity == "high"
	f.msg == `namespace-pss-enforce: Namespace/-/shop: metadata.labels has no "pod-security.kubernetes.io/enforce", so the cluster default applies (privileged unless configured otherwise)`
	count(namespace_pss.deny) == 1 with input as {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "bare"}}
}

test_only_audit_and_warn_labels_denied if {
	labels := {"pod-security.kubernetes.io/audit": "restricted", "pod-security.kubernetes.io/warn": "restricted"}
	count(namespace_pss.deny) == 1 with input as _namespace(labels)
}

test_privileged_denied if {
	some f in namespace_pss.deny with input as _namespace({"pod-security.kubernetes.io/enforce": "privileged"})
	f.msg == `namespace-pss-enforce: Namespace/-/shop: metadata.labels["pod-security.kubernetes.io/enforce"] is "privileged", which enforces nothing (want restricted or baseline)`
}

test_invalid_level_denied if {
	some f in namespace_pss.deny with input as _namespace({"pod-security.kubernetes.io/enforce": "Restricted"})
	contains(f.msg, `is "Restricted", not a Pod Security level`)
}

test_baseline_and_restricted_allowed if {
	count(namespace_pss.deny) == 0 with input as _namespace({"pod-security.kubernetes.io/enforce": "baseline"})
	count(namespace_pss.deny) == 0 with input as _namespace({
		"pod-security.kubernetes.io/enforce": "restricted",
		"pod-security.kubernetes.io/enforce-version": "v1.30",
	})
}

test_other_kinds_ignored if {
	count(namespace_pss.deny) == 0 with input as {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}
	count(namespace_pss.deny) == 0 with input as {"apiVersion": "example.com/v1", "kind": "Namespace", "metadata": {"name": "n"}}
}

test_namespaces_in_a_list_and_combined_input if {
	list := {"kind": "List", "items": [_namespace({}), _namespace({"pod-security.kubernetes.io/enforce": "restricted"})]}
	count(namespace_pss.deny) == 1 with input as list
	combined := [{"path": "ns.yaml", "contents": _namespace({"pod-security.kubernetes.io/enforce": "privileged"})}]
	count(namespace_pss.deny) == 1 with input as combined
}

test_waiver_applies if {
	doc := json.patch(_namespace({"pod-security.kubernetes.io/enforce": "privileged"}), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-namespace-pss-enforce": "the CNI DaemonSet runs here"},
	}])
	count(namespace_pss.deny) == 0 with input as doc
	count(namespace_pss.warn) == 1 with input as doc
}
