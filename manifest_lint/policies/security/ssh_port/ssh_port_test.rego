package security.ssh_port_test

import data.security.ssh_port

test_container_port_denied if {
	doc := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "ports": [{"containerPort": 22}]}]}}
	some f in ssh_port.deny with input as doc
	f.rule_id == "sec-ssh-port"
	f.container == "a"
	contains(f.msg, "containerPort is 22")
}

test_service_port_denied if {
	doc := {"kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 2222, "targetPort": 22}]}}
	some f in ssh_port.deny with input as doc
	contains(f.msg, "spec.ports[].targetPort is 22")
}

test_http_allowed if {
	doc := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "ports": [{"containerPort": 8080}]}]}}
	count(ssh_port.deny) == 0 with input as doc
}
