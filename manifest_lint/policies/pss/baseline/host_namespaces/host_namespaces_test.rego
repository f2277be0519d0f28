package pss.baseline.host_namespaces_test

import data.pss.baseline.host_namespaces

_spec(extra) := object.union({"containers": [{"name": "app", "image": "nginx:1.27"}]}, extra)

_workloads(spec) := [
	{"kind": "Pod", "metadata": meta, "spec": spec},
	{"kind": "Deployment", "metadata": meta, "spec": {"template": {"spec": spec}}},
	{"kind": "ReplicaSet", "metadata": meta, "spec": {"template": {"spec": spec}}},
	{"kind": "StatefulSet", "metadata": meta, "spec": {"template": {"spec": spec}}},
	{"kind": "DaemonSet", "metadata": meta, "spec": {"template": {"spec": spec}}},
	{"kind": "Job", "metadata": meta, "spec": {"template": {"spec": spec}}},
	{"kind": "ReplicationController", "metadata": meta, "spec": {"template": {"spec": spec}}},
	{"kind": "CronJob", "metadata": meta, "spec": {"jobTemplate": {"spec": {"template": {"spec": spec}}}}},
	{"kind": "PodTemplate", "metadata": meta, "template": {"spec": spec}},
] if {
	meta := {"name": "w", "namespace": "shop"}
}

test_host_network_denied if {
	some f in host_namespaces.deny with input as _workloads(_spec({"hostNetwork": true}))[0]
	f.rule_id == "pss-host-namespaces"
	f.container == null
	f.msg == "pss-host-namespaces: Pod/shop/w: spec.hostNetwork is true"
}

test_each_host_namespace_reported if {
	msgs := {f.msg | some f in host_namespaces.deny} with input as _workloads(_spec({"hostNetwork": true, "hostPID": true, "hostIPC": true}))[7]
	msgs == {
		"pss-host-namespaces: CronJob/shop/w: spec.jobTemplate.spec.template.spec.hostNetwork is true",
		"pss-host-namespaces: CronJob/shop/w: spec.jobTemplate.spec.template.spec.hostPID is true",
		"pss-host-namespaces: CronJob/shop/w: spec.jobTemplate.spec.template.spec.hostIPC is true",
	}
}

test_false_or_unset_allowed if {
	count(host_namespaces.deny) == 0 with input as _workloads(_spec({"hostNetwork": false, "hostPID": false, "hostIPC": false}))[0]
	count(host_namespaces.deny) == 0 with input as _workloads(_spec({}))[0]
}

test_windows_pods_not_exempt if {
	count(host_namespaces.deny) == 1 with input as _workloads(_spec({"os": {"name": "windows"}, "hostNetwork": true}))[0]
}

test_every_workload_kind_same_verdict if {
	every doc in _workloads(_spec({"hostPID": true})) {
		count(host_namespaces.deny) == 1 with input as doc
	}
	every doc in _workloads(_spec({})) {
		count(host_namespaces.deny) == 0 with input as doc
	}
}

test_list_items_checked if {
	docs := _workloads(_spec({"hostIPC": true}))
	names := {f.kind | some f in host_namespaces.deny} with input as {"kind": "List", "items": [docs[1], docs[4]]}
	names == {"Deployment", "DaemonSet"}
}
