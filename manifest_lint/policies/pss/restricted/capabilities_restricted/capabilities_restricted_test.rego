package pss.restricted.capabilities_restricted_test

import data.pss.restricted.capabilities_restricted

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

test_missing_drop_all_denied if {
	some f in capabilities_restricted.deny with input as _workloads(_spec({}))[0]
	f.rule_id == "pss-capabilities-restricted"
	f.container == "app"
	f.msg == `pss-capabilities-restricted: Pod/shop/w container "app": securityContext.capabilities.drop is not set, it must contain "ALL"`
}

test_drop_without_all_denied if {
	some f in capabilities_restricted.deny with input as _workloads(_spec({"capabilities": {"drop": ["NET_RAW", "all"]}}))[1]
	f.msg == `pss-capabilities-restricted: Deployment/shop/w container "app": securityContext.capabilities.drop is ["NET_RAW","all"], it must contain "ALL"`
}

test_add_other_than_net_bind_service_denied if {
	msgs := {f.msg | some f in capabilities_restricted.deny} with input as _workloads(_spec({"capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE", "CHOWN"]}}))[0]
	msgs == {`pss-capabilities-restricted: Pod/shop/w container "app": securityContext.capabilities.add contains "CHOWN" (allowed: NET_BIND_SERVICE)`}
}

test_drop_all_and_net_bind_service_allowed if {
	count(capabilities_restricted.deny) == 0 with input as _workloads(_spec({"capabilities": {"drop": ["ALL"]}}))[0]
	count(capabilities_restricted.deny) == 0 with input as _workloads(_spec({"capabilities": {"drop": ["NET_RAW", "ALL"], "add": ["NET_BIND_SERVICE"]}}))[0]
}

test_both_problems_reported if {
	count(capabilities_restricted.deny) == 3 with input as _workloads(_spec({"capabilities": {"add": ["SYS_ADMIN", "NET_ADMIN"]}}))[0]
}

test_windows_pods_exempt if {
	spec := object.union(_spec({"capabilities": {"add": ["SYS_ADMIN"]}}), {"os": {"name": "windows"}})
	count(capabilities_restricted.deny) == 0 with input as _workloads(spec)[0]
}

test_init_and_ephemeral_containers_denied if {
	spec := {
		"initContainers": [{"name": "init", "securityContext": {"capabilities": {"drop": ["NET_RAW"]}}}],
		"containers": [{"name": "app", "securityContext": {"capabilities": {"drop": ["ALL"]}}}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"capabilities": {"drop": ["ALL"], "add": ["SYS_PTRACE"]}}}],
	}
	found := {f.container | some f in capabilities_restricted.deny} with input as _workloads(spec)[0]
	found == {"init", "debug"}
}

test_every_workload_kind_same_verdict if {
	every doc in _workloads(_spec({"capabilities": {"add": ["NET_RAW"]}})) {
		count(capabilities_restricted.deny) == 2 with input as doc
	}
	every doc in _workloads(_spec({"capabilities": {"drop": ["ALL"]}})) {
		count(capabilities_restricted.deny) == 0 with input as doc
	}
}

test_list_items_checked if {
	docs := _workloads(_spec({}))
	count(capabilities_restricted.deny) == 2 with input as {"kind": "List", "items": [docs[0], docs[3]]}
}
