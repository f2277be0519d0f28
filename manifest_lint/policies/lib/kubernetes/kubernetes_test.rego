package lib.kubernetes_test

import data.lib.kubernetes as k8s

_spec := {
	"containers": [{"name": "app"}, {"image": "nameless:1"}],
	"initContainers": [{"name": "init"}],
	"ephemeralContainers": [{"name": "debug"}],
}

_template := {"metadata": {"labels": {"app": "web"}}, "spec": _spec}

# One object of every kind that holds a pod, each with the same pod spec.
_workloads := [
	{"kind": "Pod", "metadata": {"name": "p", "labels": {"app": "web"}}, "spec": _spec},
	{"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": _template}},
	{"kind": "ReplicaSet", "metadata": {"name": "rs"}, "spec": {"template": _template}},
	{"kind": "StatefulSet", "metadata": {"name": "ss"}, "spec": {"template": _template}},
	{"kind": "DaemonSet", "metadata": {"name": "ds"}, "spec": {"template": _template}},
	{"kind": "Job", "metadata": {"name": "j"}, "spec": {"template": _template}},
	{"kind": "ReplicationController", "metadata": {"name": "rc"}, "spec": {"template": _template}},
	{"kind": "CronJob", "metadata": {"name": "cj"}, "spec": {"jobTemplate": {"spec": {"template": _template}}}},
	{"kind": "PodTemplate", "metadata": {"name": "pt"}, "template": _template},
]

_service := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}}

test_objects_of_a_plain_document if {
	k8s.objects == [_service] with input as _service
}

test_objects_of_a_list if {
	list := {"apiVersion": "v1", "kind": "List", "items": [_service, "not an object", {"no": "kind"}, _workloads[0]]}
	k8s.objects == [_service, _workloads[0]] with input as list
}

test_objects_of_a_typed_list if {
	k8s.objects == [_service] with input as {"kind": "ServiceList", "items": [_service]}
}

test_objects_of_a_combined_input if {
	combined := [
		{"path": "a.yaml", "contents": _service},
		{"path": "a.yaml", "contents": null},
		{"path": "b.yaml", "contents": {"kind": "List", "items": [_workloads[1], _workloads[2]]}},
		{"path": "c.yaml", "contents": "text"},
	]
	k8s.objects == [_service, _workloads[1], _workloads[2]] with input as combined
	count(k8s.combined_entries) == 4 with input as combined
}

test_no_objects_in_other_inputs if {
	k8s.objects == [] with input as {"just": "data"}
	k8s.objects == [] with input as [_service]
	k8s.combined_entries == [] with input as _service
}

test_pods_of_each_workload_kind if {
	pods := k8s.pods with input as {"kind": "List", "items": array.concat(_workloads, [_service])}
	sort([pod.object.kind | some pod in pods]) == sort([w.kind | some w in _workloads])
	every pod in pods {
		pod.spec == _spec
	}
	every pod in pods {
		pod.metadata.labels == {"app": "web"}
	}
}

test_workload_without_a_pod_spec_has_no_pod if {
	k8s.pods == [] with input as {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {}}}
	k8s.pods == [] with input as {"kind": "Pod", "metadata": {"name": "p"}}
}

test_containers_of_all_three_types if {
	containers := k8s.containers with input as _workloads[1]
	[[c.type, c.index, c.name] | some c in containers] == [
		["containers", 0, "app"],
		["containers", 1, "containers[1]"],
		["initContainers", 0, "init"],
		["ephemeralContainers", 0, "debug"],
	]
	every c in containers {
		c.object == _workloads[1]
		c.pod.object == _workloads[1]
	}
}

test_containers_in_every_workload_kind if {
	count(k8s.containers) == 4 * count(_workloads) with input as {"kind": "List", "items": _workloads}
}

test_container_name_falls_back_to_its_position if {
	k8s.container_name({"name": "app"}, "containers", 0) == "app"
	k8s.container_name({}, "initContainers", 2) == "initContainers[2]"
	k8s.container_name({"name": ""}, "containers", 1) == "containers[1]"
	k8s.container_name({"name": null}, "ephemeralContainers", 0) == "ephemeralContainers[0]"
}

test_non_object_containers_skipped if {
	pod := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": ["oops", {"name": "app"}]}}
	[c.name | some c in k8s.containers] == ["app"] with input as pod
}

# _effective merges a pod's and a container's securityContext as each containers entry's
# "effective_security_context" does (test_effective_context_of_a_listed_workload reads the entries).
_effective(pod_sc, container_sc) := k8s._effective_of(pod_sc, container_sc)

test_effective_context_inherits_pod_fields if {
	pod_sc := {
		"runAsUser": 1000, "runAsGroup": 2000, "runAsNonRoot": true,
		"seLinuxOptions": {"type": "container_t"}, "seccompProfile": {"type": "RuntimeDefault"},
		"appArmorProfile": {"type": "RuntimeDefault"}, "windowsOptions": {"runAsUserName": "app"},
		"fsGroup": 3000, "sysctls": [{"name": "kernel.shm_rmid_forced", "value": "1"}],
	}
	_effective(pod_sc, {"privileged": false}) == {
		"runAsUser": 1000, "runAsGroup": 2000, "runAsNonRoot": true,
		"seLinuxOptions": {"type": "container_t"}, "seccompProfile": {"type": "RuntimeDefault"},
		"appArmorProfile": {"type": "RuntimeDefault"}, "windowsOptions": {"runAsUserName": "app"},
		"privileged": false,
	}
}

test_effective_context_container_wins if {
	pod_sc := {"runAsUser": 1000, "runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}, "seLinuxOptions": {"type": "container_t", "level": "s0"}}
	container_sc := {"runAsUser": 0, "runAsNonRoot": false, "seccompProfile": {"type": "Unconfined"}, "seLinuxOptions": {"user": "u"}}

	# Whole objects are replaced, not merged (seLinuxOptions loses the pod's type and level).
	_effective(pod_sc, container_sc) == container_sc
}

test_effective_context_null_is_not_set if {
	e := _effective({"runAsUser": 1000, "seccompProfile": {"type": "Localhost"}}, {"runAsUser": null, "seccompProfile": null, "privileged": null})
	e == {"runAsUser": 1000, "seccompProfile": {"type": "Localhost"}}
}

test_effective_context_without_any_security_context if {
	_effective({}, {}) == {}
	_effective(null, null) == {}
	pod := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app"}]}}
	some c in k8s.containers with input as pod
	c.effective_security_context == {}
}

test_effective_context_of_a_listed_workload if {
	pod_spec := {"securityContext": {"runAsUser": 1000}, "initContainers": [{"name": "init", "securityContext": {"runAsUser": 2000}}], "containers": [{"name": "app"}]}
	doc := {"kind": "List", "items": [{"kind": "CronJob", "metadata": {"name": "cj"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": pod_spec}}}}}]}
	users := {c.name: c.effective_security_context.runAsUser | some c in k8s.containers} with input as doc
	users == {"app": 1000, "init": 2000}
}

test_effective_context_false_is_set if {
	_effective({"runAsNonRoot": false}, {}) == {"runAsNonRoot": false}
	_effective({"runAsNonRoot": true}, {"runAsNonRoot": false}) == {"runAsNonRoot": false}
}

test_effective_windows_options_merge_field_by_field if {
	e := _effective({"windowsOptions": {"runAsUserName": "pod", "hostProcess": true}}, {"windowsOptions": {"runAsUserName": "ctr"}})
	e.windowsOptions == {"runAsUserName": "ctr", "hostProcess": true}

	# The GMSA pair comes from one level: a container setting either drops both of the pod's.
	gmsa := _effective(
		{"windowsOptions": {"gmsaCredentialSpecName": "pod-spec", "gmsaCredentialSpec": "{}"}},
		{"windowsOptions": {"gmsaCredentialSpecName": "ctr-spec"}},
	)
	gmsa.windowsOptions == {"gmsaCredentialSpecName": "ctr-spec"}
	_effective({"windowsOptions": {}}, {}).windowsOptions == {}
	not "windowsOptions" in object.keys(_effective({}, {"privileged": true}))
}

test_pod_path if {
	k8s.pod_path(_workloads[0], "spec.hostNetwork") == "spec.hostNetwork"
	k8s.pod_path(_workloads[1], "spec.hostNetwork") == "spec.template.spec.hostNetwork"
	k8s.pod_path(_workloads[7], "spec.volumes") == "spec.jobTemplate.spec.template.spec.volumes"
	k8s.pod_path(_workloads[8], "metadata.annotations") == "template.metadata.annotations"
}

test_object_fields_default_when_missing if {
	k8s.name({}) == ""
	k8s.namespace({"metadata": {"name": "x"}}) == ""
	k8s.labels({}) == {}
	k8s.annotations({"metadata": {"annotations": {"a": "b"}}}) == {"a": "b"}
	k8s.security_context({}) == {}
	k8s.pod_security_context({"securityContext": {"runAsUser": 1}}) == {"runAsUser": 1}
}

test_windows_and_user_namespace if {
	k8s.is_windows({"os": {"name": "windows"}})
	not k8s.is_windows({"os": {"name": "linux"}})
	not k8s.is_windows({})
	k8s.in_user_namespace({"hostUsers": false})
	not k8s.in_user_namespace({"hostUsers": true})
	not k8s.in_user_namespace({})
}

test_api_group if {
	k8s.api_group("apps/v1") == "apps"
	k8s.api_group("v1") == ""
	k8s.api_group(5) == ""
}

test_namespaced_builtin_objects if {
	found := k8s.namespaced_builtin_objects with input as {"apiVersion": "v1", "kind": "List", "items": [
		{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a"}},
		{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "b"}},
		{"apiVersion": "example.com/v1", "kind": "Deployment", "metadata": {"name": "c"}},
		{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "d"}},
	]}
	[k8s.name(obj) | some obj in found] == ["a", "d"]
}

_app := {"name": "app", "image": "web:1"}

_hardened := {"runAsNonRoot": true}

_deployment(name, context) := {
	"kind": "Deployment",
	"metadata": {"name": name},
	"spec": {"template": {"spec": {"securityContext": context, "containers": [_app], "initContainers": [_app]}}},
}

# Identical containers (same container, type and pod security facts) share one group; a
# different pod securityContext, or another container type, makes another group.
test_container_groups_share_identical_containers if {
	items := [_deployment("a", _hardened), _deployment("b", _hardened), _deployment("c", {})]
	groups := k8s.container_groups with input as {"kind": "List", "items": items}
	count(groups) == 4
	[g] := [g | some g in groups; g.type == "containers"; g.effective_security_context == _hardened]
	{k8s.name(m.object) | some m in g.members} == {"a", "b"}
	g.container == _app
	g.security_context == {}
	every group in groups {
		every m in group.members {
			m.container == group.container
			m.type == group.type
		}
	}
}

_pod(name, containers) := {"kind": "Pod", "metadata": {"name": name}, "spec": {"containers": containers}}

# Members keep their own names: a nameless container is named by its position in each pod.
test_container_group_members_keep_their_names if {
	items := [_pod("p", [{"image": "x:1"}]), _pod("q", [{"name": "side", "image": "y:1"}, {"image": "x:1"}])]
	groups := k8s.container_groups with input as {"kind": "List", "items": items}
	[g] := [g | some g in groups; g.container == {"image": "x:1"}]
	{[k8s.name(m.object), m.name] | some m in g.members} == {["p", "containers[0]"], ["q", "containers[1]"]}
}

# manifest-lint's whole-run List: items grouped by kind, and where each kind's are.
_whole_run := {
	"kind": "List",
	"metadata": {"annotations": {k8s.whole_run_annotation: "true"}},
	k8s.whole_run_kinds_field: {"Deployment": [0, 2], "Service": [2, 3]},
	"items": [_workloads[1], _workloads[1], _service, {"no": "kind"}],
}

test_objects_by_kind_of_a_whole_run_are_its_ranges if {
	k8s.objects_by_kind == {"Deployment": [_workloads[1], _workloads[1]], "Service": [_service]} with input as _whole_run
	k8s.objects_of("Service") == [_service] with input as _whole_run
	k8s.objects == [_workloads[1], _workloads[1], _service] with input as _whole_run
}

test_objects_by_kind_without_ranges_groups_the_objects if {
	unranged := json.remove(_whole_run, [k8s.whole_run_kinds_field])
	k8s.objects_by_kind == {"Deployment": [_workloads[1], _workloads[1]], "Service": [_service]} with input as unranged
}
