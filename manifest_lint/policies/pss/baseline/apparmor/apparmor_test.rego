package pss.baseline.apparmor_test

import data.pss.baseline.apparmor

_spec(pod_sc, container_sc) := {
	"securityContext": pod_sc,
	"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": container_sc}],
}

_workloads(annotations, spec) := [
	{"kind": "Pod", "metadata": {"name": "w", "namespace": "shop", "annotations": annotations}, "spec": spec},
	{"kind": "Deployment", "metadata": meta, "spec": {"template": {"metadata": {"annotations": annotations}, "spec": spec}}},
	{"kind": "ReplicaSet", "metadata": meta, "spec": {"template": {"metadata": {"annotations": annotations}, "spec": spec}}},
	{"kind": "StatefulSet", "metadata": meta, "spec": {"template": {"metadata": {"annotations": annotations}, "spec": spec}}},
	{"kind": "DaemonSet", "metadata": meta, "spec": {"template": {"metadata": {"annotations": annotations}, "spec": spec}}},
	{"kind": "Job", "metadata": meta, "spec": {"template": {"metadata": {"annotations": annotations}, "spec": spec}}},
	{"kind": "ReplicationController", "metadata": meta, "spec": {"template": {"metadata": {"annotations": annotations}, "spec": spec}}},
	{"kind": "CronJob", "metadata": meta, "spec": {"jobTemplate": {"spec": {"template": {"metadata": {"annotations": annotations}, "spec": spec}}}}},
	{"kind": "PodTemplate", "metadata": meta, "template": {"metadata": {"annotations": annotations}, "spec": spec}},
] if {
	meta := {"name": "w", "namespace": "shop"}
}

test_pod_level_unconfined_denied if {
	some f in apparmor.deny with input as _workloads({}, _spec({"appArmorProfile": {"type": "Unconfined"}}, {}))[1]
	f.rule_id == "pss-apparmor"
	f.container == null
	f.msg == `pss-apparmor: Deployment/shop/w: spec.template.spec.securityContext.appArmorProfile.type is "Unconfined" (allowed: Localhost, RuntimeDefault)`
}

test_container_level_unconfined_denied if {
	some f in apparmor.deny with input as _workloads({}, _spec({}, {"appArmorProfile": {"type": "Unconfined"}}))[0]
	f.container == "app"
	f.msg == `pss-apparmor: Pod/shop/w container "app": securityContext.appArmorProfile.type is "Unconfined" (allowed: Localhost, RuntimeDefault)`
}

test_profile_without_type_denied if {
	some f in apparmor.deny with input as _workloads({}, _spec({}, {"appArmorProfile": {}}))[0]
	contains(f.msg, `securityContext.appArmorProfile.type is ""`)
}

test_allowed_field_values if {
	spec := _spec({"appArmorProfile": {"type": "RuntimeDefault"}}, {"appArmorProfile": {"type": "Localhost", "localhostProfile": "k8s-nginx"}})
	count(apparmor.deny) == 0 with input as _workloads({}, spec)[0]
	count(apparmor.deny) == 0 with input as _workloads({}, _spec({}, {}))[0]
	count(apparmor.deny) == 0 with input as _workloads({}, {"containers": [{"name": "app"}]})[0]
}

test_unconfined_annotation_denied if {
	annotations := {"container.apparmor.security.beta.kubernetes.io/app": "unconfined"}
	some f in apparmor.deny with input as _workloads(annotations, _spec({}, {}))[7]
	f.container == null
	f.msg == `pss-apparmor: CronJob/shop/w: spec.jobTemplate.spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"] is "unconfined" (allowed: runtime/default, localhost/<profile> or empty)`
}

test_allowed_annotation_values if {
	annotations := {
		"container.apparmor.security.beta.kubernetes.io/a": "runtime/default",
		"container.apparmor.security.beta.kubernetes.io/b": "localhost/k8s-nginx",
		"container.apparmor.security.beta.kubernetes.io/c": "",
		"example.com/apparmor": "unconfined",
	}
	count(apparmor.deny) == 0 with input as _workloads(annotations, _spec({}, {}))[0]
}

test_annotation_on_workload_object_is_not_the_pod if {
	doc := {
		"kind": "Deployment",
		"metadata": {"name": "w", "annotations": {"container.apparmor.security.beta.kubernetes.io/app": "unconfined"}},
		"spec": {"template": {"spec": _spec({}, {})}},
	}
	count(apparmor.deny) == 0 with input as doc
}

test_init_and_ephemeral_containers_denied if {
	spec := {
		"initContainers": [{"name": "init", "securityContext": {"appArmorProfile": {"type": "Unconfined"}}}],
		"containers": [{"name": "app"}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"appArmorProfile": {"type": "unconfined"}}}],
	}
	found := {f.container | some f in apparmor.deny} with input as _workloads({}, spec)[0]
	found == {"init", "debug"}
}

test_every_workload_kind_same_verdict if {
	annotations := {"container.apparmor.security.beta.kubernetes.io/app": "unconfined"}
	every doc in _workloads(annotations, _spec({"appArmorProfile": {"type": "Unconfined"}}, {"appArmorProfile": {"type": "Unconfined"}})) {
		count(apparmor.deny) == 3 with input as doc
	}
	every doc in _workloads({}, _spec({"appArmorProfile": {"type": "RuntimeDefault"}}, {})) {
		count(apparmor.deny) == 0 with input as doc
	}
}

test_list_items_checked if {
	docs := _workloads({}, _spec({}, {"appArmorProfile": {"type": "Unconfined"}}))
	count(apparmor.deny) == 2 with input as {"kind": "List", "items": [docs[0], docs[1]]}
}
