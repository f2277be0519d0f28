package pss.baseline.host_path_volumes_test

import data.pss.baseline.host_path_volumes

_spec(volumes) := {"containers": [{"name": "app", "image": "nginx:1.27"}], "volumes": volumes}

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

_docker_sock := {"name": "docker", "hostPath": {"path": "/var/run/docker.sock", "type": "Socket"}}

test_host_path_denied if {
	some f in host_path_volumes.deny with input as _workloads(_spec([{"name": "cache", "emptyDir": {}}, _docker_sock]))[4]
	f.rule_id == "pss-host-path-volumes"
	f.container == null
	f.msg == `pss-host-path-volumes: DaemonSet/shop/w: spec.template.spec.volumes[1] "docker" is a hostPath volume (path "/var/run/docker.sock")`
}

test_empty_host_path_still_denied if {
	some f in host_path_volumes.deny with input as _workloads(_spec([{"name": "h", "hostPath": {}}]))[0]
	contains(f.msg, `spec.volumes[0] "h" is a hostPath volume (path "")`)
}

test_other_volumes_allowed if {
	volumes := [
		{"name": "a", "emptyDir": {}},
		{"name": "b", "configMap": {"name": "cfg"}},
		{"name": "c", "nfs": {"server": "nfs", "path": "/"}},
		{"name": "d", "hostPath": null},
	]
	count(host_path_volumes.deny) == 0 with input as _workloads(_spec(volumes))[0]
	count(host_path_volumes.deny) == 0 with input as _workloads({"containers": [{"name": "app"}]})[0]
}

test_windows_pods_not_exempt if {
	spec := object.union(_spec([_docker_sock]), {"os": {"name": "windows"}})
	count(host_path_volumes.deny) == 1 with input as _workloads(spec)[0]
}

test_every_workload_kind_same_verdict if {
	every doc in _workloads(_spec([_docker_sock, {"name": "root", "hostPath": {"path": "/"}}])) {
		count(host_path_volumes.deny) == 2 with input as doc
	}
	every doc in _workloads(_spec([{"name": "tmp", "emptyDir": {}}])) {
		count(host_path_volumes.deny) == 0 with input as doc
	}
}

test_list_items_checked if {
	docs := _workloads(_spec([_docker_sock]))
	kinds := {f.kind | some f in host_path_volumes.deny} with input as {"kind": "List", "items": [docs[0], docs[5]]}
	kinds == {"Pod", "Job"}
}
