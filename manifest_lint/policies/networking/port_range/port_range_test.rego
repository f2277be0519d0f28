package networking.port_range_test

import data.networking.port_range

_pod(ports) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "shop"}, "spec": {"containers": [{"name": "c", "image": "x", "ports": ports}]}}

_service(ports) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "shop"}, "spec": {"ports": ports}}

test_container_port_above_65535 if {
	some f in port_range.deny with input as _pod([{"containerPort": 70000}])
	f.msg == `port-range: Pod/shop/p container "c": ports[0].containerPort is 70000 (must be a whole number from 1 to 65535)`
}

test_host_port_zero_and_fractions if {
	count(port_range.deny) == 2 with input as _pod([{"containerPort": 80, "hostPort": 0}, {"containerPort": 80.5}])
}

test_valid_container_ports_pass if {
	count(port_range.deny) == 0 with input as _pod([{"containerPort": 1}, {"containerPort": 65535, "hostPort": 8080}])
}

test_service_ports if {
	count(port_range.deny) == 2 with input as _service([{"port": 80, "targetPort": 99999}, {"port": 0, "targetPort": "http"}])
	count(port_range.deny) == 0 with input as _service([{"port": 80, "targetPort": "http", "nodePort": 30080}])
}
