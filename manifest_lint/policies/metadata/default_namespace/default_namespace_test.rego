package metadata.default_namespace_test

import data.metadata.default_namespace

test_default_denied if {
	some f in default_namespace.deny with input as {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d", "namespace": "default"}}
	f.rule_id == "meta-default-namespace"
	f.msg == `meta-default-namespace: Deployment/default/d: metadata.namespace is "default"`
}

test_own_namespace_allowed if {
	count(default_namespace.deny) == 0 with input as {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "shop"}}
}

test_cluster_scoped_and_custom_ignored if {
	count(default_namespace.deny) == 0 with input as {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r", "namespace": "default"}}
	count(default_namespace.deny) == 0 with input as {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": "s", "namespace": "default"}}
}
