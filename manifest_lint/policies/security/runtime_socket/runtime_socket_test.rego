package security.runtime_socket_test

import data.security.runtime_socket

_ds(path) := {"kind": "DaemonSet", "metadata": {"name": "agent", "namespace": "ops"}, "spec": {"template": {"spec": {
	"containers": [{"name": "a"}],
	"volumes": [{"name": "sock", "hostPath": {"path": path}}],
}}}}

test_docker_sock_denied if {
	some f in runtime_socket.deny with input as _ds("/var/run/docker.sock")
	f.rule_id == "sec-runtime-socket"
	f.container == null
	contains(f.msg, `spec.template.spec.volumes volume "sock" has hostPath.path "/var/run/docker.sock"`)
}

test_containerd_dir_denied if {
	count(runtime_socket.deny) == 1 with input as _ds("/run/containerd/")
}

test_other_host_path_allowed if {
	count(runtime_socket.deny) == 0 with input as _ds("/var/log/app")
}
