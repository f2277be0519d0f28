package pss.baseline.host_ports_test

import data.pss.baseline.host_ports

_spec(ports) := {"containers": [{"name": "app", "image": "nginx:1.27", "ports": ports}]}

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

test_host_port_denied if {
	some f in host_ports.deny with input as _workloads(_spec([{"containerPort": 80}, {"containerPort": 443, "hostPort": 443}]))[0]
	f.rule_id == "pss-host-ports"
	f.container == "app"
	f.msg == `pss-host-ports: Pod/shop/w container "app": ports[1].hostPort is 443 (allowed: undefined or 0)`
}

test_host_port_zero_or_unset_allowed if {
	count(host_ports.deny) == 0 with input as _workloads(_spec([{"containerPort": 80, "hostPort": 0}, {"containerPort": 81}]))[0]
	count(host_ports.deny) == 0 with input as _workloads({"containers": [{"name": "app"}]})[0]
}

test_init_and_ephemeral_containers_denied if {
	spec := {
		"initContainers": [{"name": "init", "ports": [{"containerPort": 53, "hostPort": 53, "protocol": "UDP"}]}],
		"containers": [{"name": "app", "ports": [{"containerPort": 8080}]}],
		"ephemeralContainers": [{"name": "debug", "ports": [{"containerPort": 9000, "hostPort": 9000}]}],
	}
	found := {f.container | some f in host_ports.deny} with input as _workloads(spec)[0]
	found == {"init", "debug"}
}

test_windows_pods_not_exempt if {
	spec := object.union(_spec([{"containerPort": 80, "hostPort": 80}]), {"os": {"name": "windows"}})
	count(host_ports.deny) == 1 with input as _workloads(spec)[0]
}

test_every_workload_kind_same_verdict if {
	every doc in _workloads(_spec([{"containerPort": 80, "hostPort": 8080}, {"containerPort": 81, "hostPort": 8081}])) {
		count(host_ports.deny) == 2 with input as doc
	}
	every doc in _workloads(_spec([{"containerPort": 80}])) {
		count(host_ports.deny) == 0 with input as doc
	}
}

test_list_items_checked if {
	docs := _workloads(_spec([{"containerPort": 80, "hostPort": 80}]))
	count(host_ports.deny) == 2 with input as {"kind": "List", "items": [docs[6], docs[7]]}
}
