package pss.baseline.host_process_test

import data.pss.baseline.host_process

_windows_spec(pod_sc, container_sc) := {
	"os": {"name": "windows"},
	"securityContext": pod_sc,
	"containers": [{"name": "app", "image": "mcr.microsoft.com/windows/nanoserver:ltsc2022", "securityContext": container_sc}],
}

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
	meta := {"name": "w", "namespace": "ops"}
}

test_pod_level_host_process_denied if {
	doc := _workloads(_windows_spec({"windowsOptions": {"hostProcess": true}}, {}))[1]
	some f in host_process.deny with input as doc
	f.rule_id == "pss-host-process"
	f.container == null
	f.msg == "pss-host-process: Deployment/ops/w: spec.template.spec.securityContext.windowsOptions.hostProcess is true"
}

test_container_level_host_process_denied if {
	doc := _workloads(_windows_spec({}, {"windowsOptions": {"hostProcess": true}}))[0]
	some f in host_process.deny with input as doc
	f.container == "app"
	f.msg == `pss-host-process: Pod/ops/w container "app": securityContext.windowsOptions.hostProcess is true`
}

test_host_process_false_or_unset_allowed if {
	count(host_process.deny) == 0 with input as _workloads(_windows_spec({"windowsOptions": {"hostProcess": false}}, {"windowsOptions": {"runAsUserName": "ContainerUser"}}))[0]
	count(host_process.deny) == 0 with input as _workloads(_windows_spec({}, {}))[0]
}

test_init_and_ephemeral_containers_denied if {
	spec := {
		"initContainers": [{"name": "init", "securityContext": {"windowsOptions": {"hostProcess": true}}}],
		"containers": [{"name": "app"}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"windowsOptions": {"hostProcess": true}}}],
	}
	found := {f.container | some f in host_process.deny} with input as _workloads(spec)[0]
	found == {"init", "debug"}
}

test_every_workload_kind_same_verdict if {
	every doc in _workloads(_windows_spec({"windowsOptions": {"hostProcess": true}}, {"windowsOptions": {"hostProcess": true}})) {
		count(host_process.deny) == 2 with input as doc
	}
	every doc in _workloads(_windows_spec({}, {})) {
		count(host_process.deny) == 0 with input as doc
	}
}

test_list_items_checked if {
	docs := _workloads(_windows_spec({}, {"windowsOptions": {"hostProcess": true}}))
	count(host_process.deny) == 2 with input as {"kind": "List", "items": [docs[0], docs[2]]}
}
