package pss.restricted.privilege_escalation_test

import data.pss.restricted.privilege_escalation

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

test_true_denied if {
	some f in privilege_escalation.deny with input as _workloads(_spec({"allowPrivilegeEscalation": true}))[0]
	f.rule_id == "pss-privilege-escalation"
	f.container == "app"
	f.msg == `pss-privilege-escalation: Pod/shop/w container "app": securityContext.allowPrivilegeEscalation is true (must be false)`
}

test_unset_denied if {
	count(privilege_escalation.deny) == 1 with input as _workloads({"containers": [{"name": "app"}]})[0]
	count(privilege_escalation.deny) == 1 with input as _workloads(_spec({"allowPrivilegeEscalation": null}))[0]
	some f in privilege_escalation.deny with input as _workloads(_spec({"runAsNonRoot": true}))[1]
	f.msg == `pss-privilege-escalation: Deployment/shop/w container "app": securityContext.allowPrivilegeEscalation is not set (must be false)`
}

test_false_allowed if {
	count(privilege_escalation.deny) == 0 with input as _workloads(_spec({"allowPrivilegeEscalation": false}))[0]
}

test_windows_pods_exempt if {
	spec := object.union(_spec({"allowPrivilegeEscalation": true}), {"os": {"name": "windows"}})
	count(privilege_escalation.deny) == 0 with input as _workloads(spec)[0]
	linux := object.union(_spec({}), {"os": {"name": "linux"}})
	count(privilege_escalation.deny) == 1 with input as _workloads(linux)[0]
}

test_init_and_ephemeral_containers_denied if {
	spec := {
		"initContainers": [{"name": "init"}],
		"containers": [{"name": "app", "securityContext": {"allowPrivilegeEscalation": false}}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"allowPrivilegeEscalation": true}}],
	}
	found := {f.container | some f in privilege_escalation.deny} with input as _workloads(spec)[0]
	found == {"init", "debug"}
}

test_every_workload_kind_same_verdict if {
	every doc in _workloads(_spec({})) {
		count(privilege_escalation.deny) == 1 with input as doc
	}
	every doc in _workloads(_spec({"allowPrivilegeEscalation": false})) {
		count(privilege_escalation.deny) == 0 with input as doc
	}
}

test_list_items_checked if {
	docs := _workloads(_spec({}))
	count(privilege_escalation.deny) == 2 with input as {"kind": "List", "items": [docs[0], docs[1]]}
}

test_nameless_container_still_denied if {
	doc := {"kind": "Deployment", "metadata": {"name": "w", "namespace": "shop"}, "spec": {"template": {"spec": {"containers": [{"image": "x"}]}}}}
	some f in privilege_escalation.deny with input as doc
	f.container == "containers[0]"
	f.msg == `pss-privilege-escalation: Deployment/shop/w container "containers[0]": securityContext.allowPrivilegeEscalation is not set (must be false)`
}
