package security.root_group_test

import data.security.root_group

_deploy(pod_sc, sc) := {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {"securityContext": pod_sc, "containers": [{"name": "app", "securityContext": sc}]}}}}

test_fs_group_zero_denied if {
	some f in root_group.deny with input as _deploy({"fsGroup": 0}, {})
	f.rule_id == "sec-root-group"
	f.container == null
	contains(f.msg, "spec.template.spec.securityContext.fsGroup is 0")
}

test_supplemental_zero_denied if {
	some f in root_group.deny with input as _deploy({"supplementalGroups": [1000, 0]}, {})
	contains(f.msg, "supplementalGroups includes 0")
}

test_container_run_as_group_zero_denied if {
	some f in root_group.deny with input as _deploy({}, {"runAsGroup": 0})
	f.container == "app"
}

test_non_zero_allowed if {
	count(root_group.deny) == 0 with input as _deploy({"fsGroup": 1001, "runAsGroup": 1001, "supplementalGroups": [2000]}, {"runAsGroup": 1001})
}
