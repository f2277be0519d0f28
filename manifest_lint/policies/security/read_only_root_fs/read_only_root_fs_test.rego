package security.read_only_root_fs_test

import data.security.read_only_root_fs

_pod(sc) := {"kind": "Pod", "metadata": {"name": "p", "namespace": "ns"}, "spec": {"containers": [{"name": "app", "image": "x", "securityContext": sc}]}}

test_missing_denied if {
	some f in read_only_root_fs.deny with input as _pod({})
	f.rule_id == "sec-read-only-root-fs"
	f.container == "app"
	contains(f.msg, "readOnlyRootFilesystem is not set")
}

test_false_denied if {
	some f in read_only_root_fs.deny with input as _pod({"readOnlyRootFilesystem": false})
	contains(f.msg, "is false")
}

test_true_allowed if {
	count(read_only_root_fs.deny) == 0 with input as _pod({"readOnlyRootFilesystem": true})
}

test_other_kind_ignored if {
	count(read_only_root_fs.deny) == 0 with input as {"kind": "ConfigMap", "metadata": {"name": "c"}}
}

test_nameless_container_still_denied if {
	pod := {"kind": "Pod", "metadata": {"name": "p", "namespace": "ns"}, "spec": {"containers": [{"image": "x"}]}}
	some f in read_only_root_fs.deny with input as pod
	f.container == "containers[0]"
}

# Identical containers in several workloads are judged once and each is reported, waivers apart.
test_every_workload_with_the_same_container_denied if {
	waived := json.patch(_pod({}), [
		{"op": "replace", "path": "/metadata/name", "value": "w"},
		{"op": "add", "path": "/metadata/annotations", "value": {"policy.omnitide.dev/waive-sec-read-only-root-fs": "scratch pod"}},
	])
	other := json.patch(_pod({}), [{"op": "replace", "path": "/metadata/name", "value": "q"}])
	input_list := {"kind": "List", "items": [_pod({}), other, waived]}
	{f.name | some f in read_only_root_fs.deny} == {"p", "q"} with input as input_list
	{f.name | some f in read_only_root_fs.warn} == {"w"} with input as input_list
}
