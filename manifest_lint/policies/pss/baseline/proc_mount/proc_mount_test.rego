package pss.baseline.proc_mount_test

import data.pss.baseline.proc_mount

_spec(security_context) := {"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": security_context}]}

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

test_unmasked_denied if {
	some f in proc_mount.deny with input as _workloads(_spec({"procMount": "Unmasked"}))[1]
	f.rule_id == "pss-proc-mount"
	f.container == "app"
	f.msg == `pss-proc-mount: Deployment/shop/w container "app": securityContext.procMount is "Unmasked" (allowed: Default, or any value when spec.template.spec.hostUsers is false)`
}

test_default_or_unset_allowed if {
	count(proc_mount.deny) == 0 with input as _workloads(_spec({"procMount": "Default"}))[0]
	count(proc_mount.deny) == 0 with input as _workloads(_spec({}))[0]
	count(proc_mount.deny) == 0 with input as _workloads({"containers": [{"name": "app"}]})[0]
}

test_host_users_false_allows_any_value if {
	spec := object.union(_spec({"procMount": "Unmasked"}), {"hostUsers": false})
	count(proc_mount.deny) == 0 with input as _workloads(spec)[0]
}

test_host_users_true_does_not_relax if {
	spec := object.union(_spec({"procMount": "Unmasked"}), {"hostUsers": true})
	count(proc_mount.deny) == 1 with input as _workloads(spec)[0]
}

test_init_and_ephemeral_containers_denied if {
	spec := {
		"initContainers": [{"name": "init", "securityContext": {"procMount": "Unmasked"}}],
		"containers": [{"name": "app", "securityContext": {"procMount": "Default"}}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"procMount": "unmasked"}}],
	}
	found := {f.container | some f in proc_mount.deny} with input as _workloads(spec)[0]
	found == {"init", "debug"}
}

test_every_workload_kind_same_verdict if {
	every doc in _workloads(_spec({"procMount": "Unmasked"})) {
		count(proc_mount.deny) == 1 with input as doc
	}
	every doc in _workloads(object.union(_spec({"procMount": "Unmasked"}), {"hostUsers": false})) {
		count(proc_mount.deny) == 0 with input as doc
	}
}

test_list_items_checked if {
	docs := _workloads(_spec({"procMount": "Unmasked"}))
	count(proc_mount.deny) == 2 with input as {"kind": "List", "items": [docs[0], docs[7]]}
}
