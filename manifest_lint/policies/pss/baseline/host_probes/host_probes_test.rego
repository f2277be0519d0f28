package pss.baseline.host_probes_test

import data.pss.baseline.host_probes

_spec(container) := {"containers": [object.union({"name": "app", "image": "nginx:1.27"}, container)]}

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

_everything_with_host := {
	"livenessProbe": {"httpGet": {"host": "10.0.0.1", "port": 80}},
	"readinessProbe": {"tcpSocket": {"host": "metadata.internal", "port": 80}},
	"startupProbe": {"httpGet": {"host": "169.254.169.254", "port": 80}},
	"lifecycle": {
		"postStart": {"httpGet": {"host": "a.example", "port": 80}},
		"preStop": {"tcpSocket": {"host": "b.example", "port": 81}},
	},
}

test_probe_host_denied if {
	some f in host_probes.deny with input as _workloads(_spec({"livenessProbe": {"httpGet": {"host": "169.254.169.254", "path": "/", "port": 80}}}))[0]
	f.rule_id == "pss-host-probes"
	f.container == "app"
	f.msg == `pss-host-probes: Pod/shop/w container "app": livenessProbe.httpGet.host is "169.254.169.254" (allowed: undefined or empty)`
}

test_every_probe_and_hook_checked if {
	msgs := {f.msg | some f in host_probes.deny} with input as _workloads(_spec(_everything_with_host))[1]
	msgs == {
		`pss-host-probes: Deployment/shop/w container "app": livenessProbe.httpGet.host is "10.0.0.1" (allowed: undefined or empty)`,
		`pss-host-probes: Deployment/shop/w container "app": readinessProbe.tcpSocket.host is "metadata.internal" (allowed: undefined or empty)`,
		`pss-host-probes: Deployment/shop/w container "app": startupProbe.httpGet.host is "169.254.169.254" (allowed: undefined or empty)`,
		`pss-host-probes: Deployment/shop/w container "app": lifecycle.postStart.httpGet.host is "a.example" (allowed: undefined or empty)`,
		`pss-host-probes: Deployment/shop/w container "app": lifecycle.preStop.tcpSocket.host is "b.example" (allowed: undefined or empty)`,
	}
}

test_no_host_allowed if {
	container := {
		"livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080, "host": ""}},
		"readinessProbe": {"tcpSocket": {"port": 8080}},
		"startupProbe": {"grpc": {"port": 9090}},
		"lifecycle": {"preStop": {"sleep": {"seconds": 5}}, "postStart": {"exec": {"command": ["true"]}}},
	}
	count(host_probes.deny) == 0 with input as _workloads(_spec(container))[0]
	count(host_probes.deny) == 0 with input as _workloads(_spec({}))[0]
}

test_init_and_ephemeral_containers_denied if {
	spec := {
		"initContainers": [{"name": "init", "startupProbe": {"tcpSocket": {"host": "db", "port": 5432}}}],
		"containers": [{"name": "app"}],
		"ephemeralContainers": [{"name": "debug", "lifecycle": {"preStop": {"httpGet": {"host": "x", "port": 1}}}}],
	}
	found := {f.container | some f in host_probes.deny} with input as _workloads(spec)[0]
	found == {"init", "debug"}
}

test_every_workload_kind_same_verdict if {
	every doc in _workloads(_spec(_everything_with_host)) {
		count(host_probes.deny) == 5 with input as doc
	}
	every doc in _workloads(_spec({"livenessProbe": {"httpGet": {"port": 80}}})) {
		count(host_probes.deny) == 0 with input as doc
	}
}

test_list_items_checked if {
	docs := _workloads(_spec({"readinessProbe": {"httpGet": {"host": "h", "port": 80}}}))
	count(host_probes.deny) == 2 with input as {"kind": "List", "items": [docs[0], docs[4]]}
}
