package pss.baseline.seccomp_baseline_test

import data.pss.baseline.seccomp_baseline

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

test_pod_level_unconfined_denied if {
	some f in seccomp_baseline.deny with input as _workloads(_spec({"seccompProfile": {"type": "Unconfined"}}, {}))[5]
	f.rule_id == "pss-seccomp-baseline"
	f.container == null
	f.msg == `pss-seccomp-baseline: Job/shop/w: spec.template.spec.securityContext.seccompProfile.type is "Unconfined" (allowed: Localhost, RuntimeDefault)`
}

test_container_level_unconfined_denied if {
	some f in seccomp_baseline.deny with input as _workloads(_spec({"seccompProfile": {"type": "RuntimeDefault"}}, {"seccompProfile": {"type": "Unconfined"}}))[0]
	f.container == "app"
	f.msg == `pss-seccomp-baseline: Pod/shop/w container "app": securityContext.seccompProfile.type is "Unconfined" (allowed: Localhost, RuntimeDefault)`
}

test_profile_without_type_denied if {
	some f in seccomp_baseline.deny with input as _workloads(_spec({}, {"seccompProfile": {}}))[0]
	contains(f.msg, `securityContext.seccompProfile.type is ""`)
}

test_unset_or_allowed_types_allowed if {
	count(seccomp_baseline.deny) == 0 with input as _workloads({"containers": [{"name": "app"}]})[0]
	count(seccomp_baseline.deny) == 0 with input as _workloads(_spec({"seccompProfile": {"type": "RuntimeDefault"}}, {"seccompProfile": {"type": "Localhost", "localhostProfile": "profiles/audit.json"}}))[0]
}

test_legacy_annotations_not_checked_since_1_19 if {
	doc := {
		"kind": "Pod",
		"metadata": {"name": "w", "annotations": {"seccomp.security.alpha.kubernetes.io/pod": "unconfined"}},
		"spec": {"containers": [{"name": "app"}]},
	}
	count(seccomp_baseline.deny) == 0 with input as doc
}

test_windows_pods_not_exempt if {
	spec := object.union(_spec({"seccompProfile": {"type": "Unconfined"}}, {}), {"os": {"name": "windows"}})
	count(seccomp_baseline.deny) == 1 with input as _workloads(spec)[0]
}

test_init_and_ephemeral_containers_denied if {
	spec := {
		"initContainers": [{"name": "init", "securityContext": {"seccompProfile": {"type": "Unconfined"}}}],
		"containers": [{"name": "app"}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"seccompProfile": {"type": "Unconfined"}}}],
	}
	found := {f.container | some f in seccomp_baseline.deny} with input as _workloads(spec)[0]
	found == {"init", "debug"}
}

test_every_workload_kind_same_verdict if {
	every doc in _workloads(_spec({"seccompProfile": {"type": "Unconfined"}}, {"seccompProfile": {"type": "Unconfined"}})) {
		count(seccomp_baseline.deny) == 2 with input as doc
	}
	every doc in _workloads(_spec({}, {"seccompProfile": {"type": "RuntimeDefault"}})) {
		count(seccomp_baseline.deny) == 0 with input as doc
	}
}

test_list_items_checked if {
	docs := _workloads(_spec({}, {"seccompProfile": {"type": "Unconfined"}}))
	count(seccomp_baseline.deny) == 2 with input as {"kind": "List", "items": [docs[0], docs[6]]}
}
