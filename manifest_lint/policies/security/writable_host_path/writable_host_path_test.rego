package security.writable_host_path_test

import data.security.writable_host_path

_pod(mount) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {
	"containers": [{"name": "a", "volumeMounts": [mount, {"name": "tmp", "mountPath": "/tmp"}]}],
	"volumes": [{"name": "logs", "hostPath": {"path": "/var/log"}}, {"name": "tmp", "emptyDir": {}}],
}}

test_writable_denied if {
	some f in writable_host_path.deny with input as _pod({"name": "logs", "mountPath": "/logs"})
	f.rule_id == "sec-writable-host-path"
	f.container == "a"
	contains(f.msg, `volumeMounts "logs" mounts hostPath "/var/log" writable`)
}

test_read_only_allowed if {
	count(writable_host_path.deny) == 0 with input as _pod({"name": "logs", "mountPath": "/logs", "readOnly": true})
}
