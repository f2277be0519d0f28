package availability.replicas_test

import data.availability.replicas

_deploy(spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": spec}

test_one_replica_denied if {
	some f in replicas.deny with input as _deploy({"replicas": 1})
	f.rule_id == "avail-replicas"
	f.container == null
	f.msg == "avail-replicas: Deployment/shop/web: spec.replicas is 1, want at least 2"
}

test_omitted_allowed if {
	count(replicas.deny) == 0 with input as _deploy({})
}

test_two_allowed if {
	count(replicas.deny) == 0 with input as _deploy({"replicas": 2})
}

test_daemonset_ignored if {
	count(replicas.deny) == 0 with input as {"kind": "DaemonSet", "metadata": {"name": "d"}, "spec": {"replicas": 1}}
}
