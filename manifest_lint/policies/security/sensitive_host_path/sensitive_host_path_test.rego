package security.sensitive_host_path_test

import data.security.sensitive_host_path

_pod(path) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {
	"containers": [{"name": "a"}],
	"volumes": [{"name": "host", "hostPath": {"path": path}}, {"name": "tmp", "emptyDir": {}}],
}}

test_etc_denied if {
	some f in sensitive_host_path.deny with input as _pod("/etc/ssl/")
	f.rule_id == "sec-sensitive-host-path"
	contains(f.msg, `spec.volumes volume "host" has hostPath.path "/etc/ssl/"`)
}

test_root_denied if {
	count(sensitive_host_path.deny) == 1 with input as _pod("/")
}

test_similar_prefix_allowed if {
	count(sensitive_host_path.deny) == 0 with input as _pod("/etcetera")
}

test_data_dir_allowed if {
	count(sensitive_host_path.deny) == 0 with input as _pod("/mnt/data")
}
