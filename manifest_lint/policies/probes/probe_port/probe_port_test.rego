package probes.probe_port_test

import data.probes.probe_port

_pod(probe) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{
	"name": "app",
	"ports": [{"name": "http", "containerPort": 8080}],
	"readinessProbe": probe,
}]}}

test_unknown_number_denied if {
	some f in probe_port.deny with input as _pod({"httpGet": {"path": "/", "port": 9090}})
	f.rule_id == "probe-port-declared"
	f.container == "app"
	contains(f.msg, "readinessProbe.httpGet.port 9090 is not a declared container port")
}

test_unknown_name_denied if {
	some f in probe_port.deny with input as _pod({"tcpSocket": {"port": "metrics"}})
	contains(f.msg, `tcpSocket.port "metrics"`)
}

test_declared_number_and_name_allowed if {
	count(probe_port.deny) == 0 with input as _pod({"httpGet": {"path": "/", "port": 8080}})
	count(probe_port.deny) == 0 with input as _pod({"httpGet": {"path": "/", "port": "http"}})
}

test_exec_ignored if {
	count(probe_port.deny) == 0 with input as _pod({"exec": {"command": ["true"]}})
}
