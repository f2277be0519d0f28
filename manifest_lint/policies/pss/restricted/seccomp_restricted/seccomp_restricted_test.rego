package pss.restricted.seccomp_restricted_test

import data.pss.restricted.seccomp_restricted

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

_runtime_default := {"seccompProfile": {"type": "RuntimeDefault"}}

test_unset_everywhere_denied if {
	some f in seccomp_restricted.deny with input as _workloads(_spec({}, {}))[0]
	f.rule_id == "pss-seccomp-restricted"
	f.container == "app"
	f.msg == `pss-seccomp-restricted: Pod/shop/w container "app": securityContext.seccompProfile is not set and neither is spec.securityContext.seccompProfile (one must be set)`
}

test_pod_level_profile_covers_containers if {
	count(seccomp_restricted.deny) == 0 with input as _workloads(_spec(_runtime_default, {}))[0]
	count(seccomp_restricted.deny) == 0 with input as _workloads(_spec({"seccompProfile": {"type": "Localhost", "localhostProfile": "p.json"}}, {}))[0]
}

test_container_level_profile_without_pod_level_allowed if {
	count(seccomp_restricted.deny) == 0 with input as _workloads(_spec({}, _runtime_default))[0]
}

test_pod_level_unconfined_denied if {
	count(seccomp_restricted.deny) == 1 with input as _workloads(_spec({"seccompProfile": {"type": "Unconfined"}}, {}))[1]
	some f in seccomp_restricted.deny with input as _workloads(_spec({"seccompProfile": {"type": "Unconfined"}}, {}))[1]
	f.container == null
	f.msg == `pss-seccomp-restricted: Deployment/shop/w: spec.template.spec.securityContext.seccompProfile.type is "Unconfined" (allowed: Localhost, RuntimeDefault)`
}

test_pod_level_unconfined_denied_even_if_containers_set_profiles if {
	count(seccomp_restricted.deny) == 1 with input as _workloads(_spec({"seccompProfile": {"type": "Unconfined"}}, _runtime_default))[0]
}

test_container_unconfined_overrides_pod_default if {
	some f in seccomp_restricted.deny with input as _workloads(_spec(_runtime_default, {"seccompProfile": {"type": "Unconfined"}}))[0]
	f.container == "app"
	f.msg == `pss-seccomp-restricted: Pod/shop/w container "app": securityContext.seccompProfile.type is "Unconfined" (allowed: Localhost, RuntimeDefault)`
}

test_profile_without_type_denied if {
	some f in seccomp_restricted.deny with input as _workloads(_spec({"seccompProfile": {}}, {}))[0]
	f.container == null
	contains(f.msg, `seccompProfile.type is ""`)
}

test_windows_pods_exempt if {
	spec := object.union(_spec({"seccompProfile": {"type": "Unconfined"}}, {}), {"os": {"name": "windows"}})
	count(seccomp_restricted.deny) == 0 with input as _workloads(spec)[0]
	count(seccomp_restricted.deny) == 0 with input as _workloads(object.union(_spec({}, {}), {"os": {"name": "windows"}}))[0]
}

test_only_containers_missing_it_are_reported if {
	spec := {
		"initContainers": [{"name": "init"}],
		"containers": [{"name": "app", "securityContext": _runtime_default}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"seccompProfile": null}}],
	}
	found := {f.container | some f in seccomp_restricted.deny} with input as _workloads(spec)[0]
	found == {"init", "debug"}
}

test_every_workload_kind_same_verdict if {
	every doc in _workloads(_spec({}, {})) {
		count(seccomp_restricted.deny) == 1 with input as doc
	}
	every doc in _workloads(_spec(_runtime_default, {})) {
		count(seccomp_restricted.deny) == 0 with input as doc
	}
}

test_list_items_checked if {
	docs := _workloads(_spec({}, {}))
	count(seccomp_restricted.deny) == 2 with input as {"kind": "List", "items": [docs[2], docs[8]]}
}
