package networking.nodeport_test

import data.networking.nodeport

_svc(type) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "ns"}, "spec": {"type": type}}

test_nodeport_denied if {
	some f in nodeport.deny with input as _svc("NodePort")
	f.rule_id == "net-nodeport"
	f.container == null
	f.msg == `net-nodeport: Service/ns/s: spec.type is "NodePort"`
}

test_cluster_ip_allowed if {
	count(nodeport.deny) == 0 with input as _svc("ClusterIP")
}
