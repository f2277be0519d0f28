package pss.baseline.selinux_test

import data.pss.baseline.selinux

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

test_pod_level_spc_t_denied if {
	some f in selinux.deny with input as _workloads(_spec({"seLinuxOptions": {"type": "spc_t"}}, {}))[3]
	f.rule_id == "pss-selinux"
	f.container == null
	f.msg == `pss-selinux: StatefulSet/shop/w: spec.template.spec.securityContext.seLinuxOptions.type is "spc_t" (allowed: "", container_engine_t, container_init_t, container_kvm_t, container_t)`
}

test_container_user_and_role_denied if {
	msgs := {f.msg | some f in selinux.deny; f.container == "app"} with input as _workloads(_spec({}, {"seLinuxOptions": {"user": "system_u", "role": "system_r", "level": "s0:c123,c456"}}))[0]
	msgs == {
		`pss-selinux: Pod/shop/w container "app": securityContext.seLinuxOptions.user is "system_u" (must be undefined or empty)`,
		`pss-selinux: Pod/shop/w container "app": securityContext.seLinuxOptions.role is "system_r" (must be undefined or empty)`,
	}
}

test_allowed_types_including_container_engine_t if {
	every t in ["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"] {
		count(selinux.deny) == 0 with input as _workloads(_spec({"seLinuxOptions": {"type": t}}, {"seLinuxOptions": {"type": t, "level": "s0"}}))[0]
	}
}

test_unset_or_empty_allowed if {
	count(selinux.deny) == 0 with input as _workloads(_spec({"seLinuxOptions": {}}, {"seLinuxOptions": {"user": "", "role": ""}}))[0]
	count(selinux.deny) == 0 with input as _workloads({"containers": [{"name": "app"}]})[0]
}

test_init_and_ephemeral_containers_denied if {
	spec := {
		"initContainers": [{"name": "init", "securityContext": {"seLinuxOptions": {"type": "unconfined_t"}}}],
		"containers": [{"name": "app"}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"seLinuxOptions": {"role": "sysadm_r"}}}],
	}
	found := {f.container | some f in selinux.deny} with input as _workloads(spec)[0]
	found == {"init", "debug"}
}

test_windows_pods_not_exempt if {
	spec := object.union(_spec({"seLinuxOptions": {"type": "spc_t"}}, {}), {"os": {"name": "windows"}})
	count(selinux.deny) == 1 with input as _workloads(spec)[0]
}

test_every_workload_kind_same_verdict if {
	every doc in _workloads(_spec({"seLinuxOptions": {"user": "u"}}, {"seLinuxOptions": {"type": "spc_t"}})) {
		count(selinux.deny) == 2 with input as doc
	}
	every doc in _workloads(_spec({"seLinuxOptions": {"level": "s0:c1"}}, {"seLinuxOptions": {"type": "container_t"}})) {
		count(selinux.deny) == 0 with input as doc
	}
}

test_list_items_checked if {
	docs := _workloads(_spec({}, {"seLinuxOptions": {"type": "spc_t"}}))
	count(selinux.deny) == 2 with input as {"kind": "List", "items": [docs[5], docs[8]]}
}
