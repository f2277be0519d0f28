package pss.restricted.run_as_non_root_test

import data.pss.restricted.run_as_non_root

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

test_unset_everywhere_denied if {
	some f in run_as_non_root.deny with input as _workloads(_spec({}, {}))[1]
	f.rule_id == "pss-run-as-non-root"
	f.container == "app"
	f.msg == `pss-run-as-non-root: Deployment/shop/w container "app": securityContext.runAsNonRoot is not set and neither is spec.template.spec.securityContext.runAsNonRoot (one must be true)`
}

test_pod_level_true_covers_containers if {
	count(run_as_non_root.deny) == 0 with input as _workloads(_spec({"runAsNonRoot": true}, {}))[0]
}

test_container_level_true_without_pod_level_allowed if {
	count(run_as_non_root.deny) == 0 with input as _workloads(_spec({}, {"runAsNonRoot": true}))[0]
}

test_pod_level_false_denied if {
	count(run_as_non_root.deny) == 1 with input as _workloads(_spec({"runAsNonRoot": false}, {}))[0]
	some f in run_as_non_root.deny with input as _workloads(_spec({"runAsNonRoot": false}, {}))[0]
	f.container == null
	f.msg == "pss-run-as-non-root: Pod/shop/w: spec.securityContext.runAsNonRoot is false (must be true)"
}

test_pod_level_false_denied_even_if_containers_set_true if {
	some f in run_as_non_root.deny with input as _workloads(_spec({"runAsNonRoot": false}, {"runAsNonRoot": true}))[0]
	f.container == null
}

test_container_false_overrides_pod_true if {
	some f in run_as_non_root.deny with input as _workloads(_spec({"runAsNonRoot": true}, {"runAsNonRoot": false}))[0]
	f.container == "app"
	f.msg == `pss-run-as-non-root: Pod/shop/w container "app": securityContext.runAsNonRoot is false (must be true)`
}

test_only_containers_missing_it_are_reported if {
	spec := {
		"initContainers": [{"name": "init"}],
		"containers": [{"name": "app", "securityContext": {"runAsNonRoot": true}}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"runAsNonRoot": null}}],
	}
	found := {f.container | some f in run_as_non_root.deny} with input as _workloads(spec)[0]
	found == {"init", "debug"}
}

test_host_users_false_exempt if {
	spec := object.union(_spec({"runAsNonRoot": false}, {"runAsNonRoot": false}), {"hostUsers": false})
	count(run_as_non_root.deny) == 0 with input as _workloads(spec)[0]
	count(run_as_non_root.deny) == 0 with input as _workloads(object.union(_spec({}, {}), {"hostUsers": false}))[0]
}

test_windows_pods_not_exempt if {
	spec := object.union(_spec({}, {}), {"os": {"name": "windows"}})
	count(run_as_non_root.deny) == 1 with input as _workloads(spec)[0]
}

test_every_workload_kind_same_verdict if {
	every doc in _workloads(_spec({}, {})) {
		count(run_as_non_root.deny) == 1 with input as doc
	}
	every doc in _workloads(_spec({"runAsNonRoot": true}, {})) {
		count(run_as_non_root.deny) == 0 with input as doc
	}
}

test_list_items_checked if {
	docs := _workloads(_spec({}, {}))
	count(run_as_non_root.deny) == 2 with input as {"kind": "List", "items": [docs[0], docs[1]]}
}
