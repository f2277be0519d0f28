package pss.baseline.sysctls_test

import data.pss.baseline.sysctls

_spec(names) := {
	"containers": [{"name": "app", "image": "nginx:1.27"}],
	"securityContext": {"sysctls": [{"name": n, "value": "1"} | some n in names]},
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

_all_safe := [
	"kernel.shm_rmid_forced",
	"net.ipv4.ip_local_port_range",
	"net.ipv4.tcp_syncookies",
	"net.ipv4.ping_group_range",
	"net.ipv4.ip_unprivileged_port_start",
	"net.ipv4.ip_local_reserved_ports",
	"net.ipv4.tcp_keepalive_time",
	"net.ipv4.tcp_fin_timeout",
	"net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
	"net.ipv4.tcp_rmem",
	"net.ipv4.tcp_wmem",
	"net.ipv4.tcp_slow_start_after_idle",
	"net.ipv4.tcp_notsent_lowat",
]

test_unsafe_sysctl_denied if {
	some f in sysctls.deny with input as _workloads(_spec(["net.ipv4.tcp_syncookies", "kernel.msgmax"]))[1]
	f.rule_id == "pss-sysctls"
	f.container == null
	startswith(f.msg, `pss-sysctls: Deployment/shop/w: spec.template.spec.securityContext.sysctls[1].name is "kernel.msgmax", not a safe sysctl (allowed: kernel.shm_rmid_forced, `)
}

test_whole_safe_set_of_1_37_allowed if {
	count(sysctls.deny) == 0 with input as _workloads(_spec(_all_safe))[0]
}

test_1_37_additions_allowed if {
	count(sysctls.deny) == 0 with input as _workloads(_spec(["net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"]))[0]
}

test_no_sysctls_allowed if {
	count(sysctls.deny) == 0 with input as _workloads({"containers": [{"name": "app"}]})[0]
	count(sysctls.deny) == 0 with input as _workloads({"containers": [{"name": "app"}], "securityContext": {"runAsNonRoot": true}})[0]
}

test_names_compared_exactly if {
	msgs := {f.msg | some f in sysctls.deny} with input as _workloads(_spec(["net/ipv4/tcp_syncookies", "net.ipv4.tcp_syncookies "]))[0]
	count(msgs) == 2
}

test_missing_name_denied if {
	some f in sysctls.deny with input as _workloads({"containers": [{"name": "app"}], "securityContext": {"sysctls": [{"value": "1"}]}})[0]
	contains(f.msg, `sysctls[0].name is ""`)
}

test_every_workload_kind_same_verdict if {
	every doc in _workloads(_spec(["kernel.sem", "vm.swappiness"])) {
		count(sysctls.deny) == 2 with input as doc
	}
	every doc in _workloads(_spec(["net.ipv4.tcp_rmem"])) {
		count(sysctls.deny) == 0 with input as doc
	}
}

test_list_items_checked if {
	docs := _workloads(_spec(["net.core.somaxconn"]))
	count(sysctls.deny) == 2 with input as {"kind": "List", "items": [docs[0], docs[2]]}
}
