package pss.baseline.capabilities_baseline_test

import data.pss.baseline.capabilities_baseline

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

_allowed_text := "AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT"

test_sys_admin_denied if {
	some f in capabilities_baseline.deny with input as _workloads(_spec({"capabilities": {"add": ["SYS_ADMIN"]}}))[1]
	f.rule_id == "pss-capabilities-baseline"
	f.container == "app"
	f.msg == sprintf(`pss-capabilities-baseline: Deployment/shop/w container "app": securityContext.capabilities.add contains "SYS_ADMIN" (allowed: %s)`, [_allowed_text])
}

test_net_raw_denied_once_per_capability if {
	caps := ["CHOWN", "NET_RAW", "SYS_PTRACE", "KILL"]
	details := {f.msg | some f in capabilities_baseline.deny} with input as _workloads(_spec({"capabilities": {"add": caps}}))[0]
	count(details) == 2
	some m in details
	contains(m, `contains "NET_RAW"`)
	some n in details
	contains(n, `contains "SYS_PTRACE"`)
}

test_default_set_allowed if {
	caps := ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]
	count(capabilities_baseline.deny) == 0 with input as _workloads(_spec({"capabilities": {"add": caps, "drop": ["ALL"]}}))[0]
}

test_no_capabilities_allowed if {
	count(capabilities_baseline.deny) == 0 with input as _workloads(_spec({}))[0]
	count(capabilities_baseline.deny) == 0 with input as _workloads({"containers": [{"name": "app"}]})[0]
	count(capabilities_baseline.deny) == 0 with input as _workloads(_spec({"capabilities": {"drop": ["NET_RAW"]}}))[0]
}

test_names_matched_exactly_like_upstream if {
	msgs := {f.msg | some f in capabilities_baseline.deny} with input as _workloads(_spec({"capabilities": {"add": ["CAP_CHOWN", "chown"]}}))[0]
	count(msgs) == 2
}

test_init_and_ephemeral_containers_denied if {
	spec := {
		"initContainers": [{"name": "init", "securityContext": {"capabilities": {"add": ["NET_ADMIN"]}}}],
		"containers": [{"name": "app"}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"capabilities": {"add": ["SYS_PTRACE"]}}}],
	}
	found := {f.container | some f in capabilities_baseline.deny} with input as _workloads(spec)[0]
	found == {"init", "debug"}
}

test_windows_pods_not_exempt if {
	spec := object.union(_spec({"capabilities": {"add": ["SYS_ADMIN"]}}), {"os": {"name": "windows"}})
	count(capabilities_baseline.deny) == 1 with input as _workloads(spec)[0]
}

test_every_workload_kind_same_verdict if {
	every doc in _workloads(_spec({"capabilities": {"add": ["BPF"]}})) {
		count(capabilities_baseline.deny) == 1 with input as doc
	}
	every doc in _workloads(_spec({"capabilities": {"add": ["NET_BIND_SERVICE"]}})) {
		count(capabilities_baseline.deny) == 0 with input as doc
	}
}

test_list_items_checked if {
	docs := _workloads(_spec({"capabilities": {"add": ["SYS_MODULE"]}}))
	count(capabilities_baseline.deny) == 2 with input as {"kind": "List", "items": [docs[3], docs[8]]}
}
