package availability.naked_pod_test

import data.availability.naked_pod

test_naked_denied if {
	some f in naked_pod.deny with input as {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "ns"}, "spec": {}}
	f.rule_id == "avail-naked-pod"
	f.msg == "avail-naked-pod: Pod/ns/p: the Pod has no controller (metadata.ownerReferences is empty)"
}

test_owned_allowed if {
	doc := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "ownerReferences": [{"kind": "ReplicaSet", "name": "rs"}]}, "spec": {}}
	count(naked_pod.deny) == 0 with input as doc
}

test_deployment_ignored if {
	count(naked_pod.deny) == 0 with input as {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {}}
}
