package metadata.namespace_set_test

import data.metadata.namespace_set

test_unset_denied if {
	some f in namespace_set.deny with input as {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}
	f.rule_id == "meta-namespace-set"
	f.msg == "meta-namespace-set: ConfigMap/-/c: metadata.namespace is not set"
}

test_set_allowed if {
	count(namespace_set.deny) == 0 with input as {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "shop"}}
}

test_cluster_scoped_ignored if {
	count(namespace_set.deny) == 0 with input as {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}
}
