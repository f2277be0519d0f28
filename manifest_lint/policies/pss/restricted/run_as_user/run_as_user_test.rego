package pss.restricted.run_as_user_test

import data.pss.restricted.run_as_user

_spec(pod_sc, container_sc) := {
	"securityContext": pod_sc,
	"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": container_sc}],
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
	meta := {"name": "w", "namespace": "shop"}
}

test_pod_level_root_denied if {
	some f in run_as_user.deny with input as _workloads(_spec({"runAsUser": 0}, {}))[7]
	f.rule_id == "pss-run-as-user"
	f.container == null
	f.msg == "pss-run-as-user: CronJob/shop/w: spec.jobTemplate.spec.template.spec.securityContext.runAsUser is 0 (must be non-zero or undefined)"
}

test_pod_level_root_denied_even_if_containers_override if {
	count(run_as_user.deny) == 1 with input as _workloads(_spec({"runAsUser": 0}, {"runAsUser": 1000}))[0]
}

test_container_level_root_denied if {
	some f in run_as_user.deny with input as _workloads(_spec({"runAsUser": 1000}, {"runAsUser": 0}))[0]
	f.container == "app"
	f.msg == `pss-run-as-user: Pod/shop/w container "app": securityContext.runAsUser is 0 (must be non-zero or undefined)`
}

test_non_zero_or_unset_allowed if {
	count(run_as_user.deny) == 0 with input as _workloads(_spec({"runAsUser": 1000}, {"runAsUser": 65534}))[0]
	count(run_as_user.deny) == 0 with input as _workloads(_spec({}, {}))[0]
	count(run_as_user.deny) == 0 with input as _workloads(_spec({"runAsUser": null}, {"runAsUser": null}))[0]
}

test_host_users_false_exempt if {
	spec := object.union(_spec({"runAsUser": 0}, {"runAsUser": 0}), {"hostUsers": false})
	count(run_as_user.deny) == 0 with input as _workloads(spec)[0]
}

test_windows_pods_not_exempt if {
	spec := object.union(_spec({}, {"runAsUser": 0}), {"os": {"name": "windows"}})
	count(run_as_user.deny) == 1 with input as _workloads(spec)[0]
}

test_init_and_ephemeral_containers_denied if {
	spec := {
		"initContainers": [{"name": "init", "securityContext": {"runAsUser": 0}}],
		"containers": [{"name": "app", "securityContext": {"runAsUser": 10001}}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"runAsUser": 0}}],
	}
	found := {f.container | some f in run_as_user.deny} with input as _workloads(spec)[0]
	found == {"init", "debug"}
}

test_every_workload_kind_same_verdict if {
	every doc in _workloads(_spec({"runAsUser": 0}, {"runAsUser": 0})) {
		count(run_as_user.deny) == 2 with input as doc
	}
	every doc in _workloads(_spec({"runAsUser": 1000}, {})) {
		count(run_as_user.deny) == 0 with input as doc
	}
}

test_list_items_checked if {
	docs := _workloads(_spec({}, {"runAsUser": 0}))
	count(run_as_user.deny) == 2 with input as {"kind": "List", "items": [docs[0], docs[1]]}
}
