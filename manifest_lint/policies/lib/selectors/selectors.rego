# METADATA
# title: Label selectors and workload references across documents
# description: |
#   Helpers for the cross-resource rules in policies/cross, which run on the input of
#   `conftest test --combine`: one array with an entry {"path": <file>, "contents": <document>}
#   per YAML document (a multi-document file gives one entry per document, all with the same
#   path; an empty document gives "contents": null; a List document keeps its `items`).
#   `objects` is every Kubernetes object of that array and is empty for any other input, so
#   rules built on it produce nothing in a plain per-document `conftest test` run.
#
#   Also here: label selector matching (matchLabels and matchExpressions), Service selectors,
#   the pod labels of a workload, and which HorizontalPodAutoscaler targets which workload.
#   Objects without metadata.namespace all belong to the namespace "".
#
#   Pods are also created by operators from custom resources (operator_pods): selectors that
#   look for pods (candidates, selects_workload) count such resources as sources of pods, with
#   the labels their operator gives those pods.
package lib.selectors

import data.lib.kubernetes as k8s

# workload_kinds are the kinds that run pods (PodTemplate only describes them).
workload_kinds := k8s.workload_kinds - {"PodTemplate"}

# scalable_kinds have spec.replicas and a scale subresource (HPA targets).
scalable_kinds := {"Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"}

# combined holds when the input is every document of the run: a `conftest test --combine` array,
# or manifest-lint's whole-run List (lib.kubernetes.whole_run_list).
combined if count(k8s.combined_entries) > 0

combined if k8s.whole_run_list

# objects is every Kubernetes object in a combined input (List documents expanded): an array,
# so that no whole manifest is hashed into a set.
default objects := []

objects := k8s.objects if combined

# of_kind is every object of a combined input whose kind is `kind`.
of_kind(kind) := {obj | some obj in objects_of_kind(kind)}

# objects_of_kind is of_kind as an array (no hashing of whole manifests), from lib.kubernetes' index by kind.
objects_of_kind(kind) := k8s.objects_of(kind) if {
	combined
} else := []

# workload_list is workloads as an array.
default workload_list := []

workload_list := k8s.objects_of_kinds(workload_kinds) if combined

# operator_pods is, by API group and kind, the custom resources from which an operator creates
# pods, and the labels it gives them: `labels` verbatim, and each of `name_labels` set to the
# resource's metadata.name. The operator also copies spec.podMetadata.labels onto the pods (its
# own labels win). Selectors matching these labels select the operator's pods. Versioned labels
# (app.kubernetes.io/version) are left out. To support another operator, add its kinds here.
#
# prometheus-operator (monitoring.coreos.com), labels of v0.50 and later:
#   Prometheus pods: app.kubernetes.io/name: prometheus, app.kubernetes.io/managed-by:
#     prometheus-operator, app.kubernetes.io/instance, prometheus and operator.prometheus.io/name:
#     <name>, operator.prometheus.io/shard: "0" (and "1"... for more shards; shard 0 always runs);
#   PrometheusAgent pods: the same with app.kubernetes.io/name: prometheus-agent, without `prometheus`;
#   Alertmanager pods: app.kubernetes.io/name: alertmanager, app.kubernetes.io/managed-by:
#     prometheus-operator, app.kubernetes.io/instance and alertmanager: <name>;
#   ThanosRuler pods: app.kubernetes.io/name: thanos-ruler, app.kubernetes.io/managed-by:
#     prometheus-operator, app.kubernetes.io/instance and thanos-ruler: <name>.
operator_pods := {"monitoring.coreos.com": {
	"Prometheus": {
		"labels": {
			"app.kubernetes.io/name": "prometheus",
			"app.kubernetes.io/managed-by": "prometheus-operator",
			"operator.prometheus.io/shard": "0",
		},
		"name_labels": ["app.kubernetes.io/instance", "prometheus", "operator.prometheus.io/name"],
	},
	"PrometheusAgent": {
		"labels": {
			"app.kubernetes.io/name": "prometheus-agent",
			"app.kubernetes.io/managed-by": "prometheus-operator",
			"operator.prometheus.io/shard": "0",
		},
		"name_labels": ["app.kubernetes.io/instance", "operator.prometheus.io/name"],
	},
	"Alertmanager": {
		"labels": {"app.kubernetes.io/name": "alertmanager", "app.kubernetes.io/managed-by": "prometheus-operator"},
		"name_labels": ["app.kubernetes.io/instance", "alertmanager"],
	},
	"ThanosRuler": {
		"labels": {"app.kubernetes.io/name": "thanos-ruler", "app.kubernetes.io/managed-by": "prometheus-operator"},
		"name_labels": ["app.kubernetes.io/instance", "thanos-ruler"],
	},
}}

# operator_pod_spec is the operator_pods entry of a custom resource (undefined for other objects).
operator_pod_spec(obj) := operator_pods[k8s.api_group(object.get(obj, "apiVersion", ""))][obj.kind] if {
	obj.kind in _operator_kinds # first: it is asked of every workload, several times
}

_operator_kinds contains kind if {
	some kinds in operator_pods
	some kind, _ in kinds
}

# operator_resources is every custom resource of a combined input from which an operator creates pods.
operator_resources := [obj |
	some kind in _operator_kinds
	some obj in objects_of_kind(kind)
	operator_pod_spec(obj)
]

# pod_sources is every object of a combined input whose pods' labels are known: workloads and
# operator_resources.
pod_sources := array.concat(workload_list, operator_resources)

# runs_pods holds for objects whose pods selectors can select: workloads and operator resources.
runs_pods(obj) if obj.kind in workload_kinds

runs_pods(obj) if {
	obj.kind in _operator_kinds
	operator_pod_spec(obj)
}

# _keyed pairs each object with its [namespace, kind], computed once per input. (Index builders read
# metadata.namespace with object.get, as k8s.namespace does: a function called with a manifest
# compares the whole manifest each time OPA's call cache answers it.)
_keyed := [{"key": [object.get(obj, ["metadata", "namespace"], ""), obj.kind], "object": obj} | some obj in objects]

# by_namespace_kind indexes the objects by [namespace, kind] (the inner comprehension is
# indexed by OPA, so building it is one pass over the objects, not one per key). Rules that
# pair objects look up the objects of one namespace instead of comparing every pair.
# A comprehension, not an object rule: it is built once, where a rule would be evaluated per lookup.
# (OPA indexes such an inner comprehension only when it closes over rules, not over a local value.)
# regal ignore:prefer-set-or-object-rule
by_namespace_kind := {key: [e.object | some e in _keyed; e.key == key] | some key in {e.key | some e in _keyed}}

# of_kind_in is every object of that kind in the namespace (empty when none).
of_kind_in(kind, namespace) := object.get(by_namespace_kind, [[namespace, kind]], [])

# workloads_in is every object that runs pods in the namespace, operator resources included.
workloads_in(namespace) := array.concat(
	[obj | some kind in workload_kinds; some obj in of_kind_in(kind, namespace)],
	[obj | some obj in operator_resources; k8s.namespace(obj) == namespace],
)

# _labeled pairs each pod source with every [namespace, label key, label value] of its pods.
_labeled := [{"key": [namespace, key, value], "object": w} |
	some w in pod_sources
	namespace := object.get(w, ["metadata", "namespace"], "")
	some key, value in pod_labels(w)
]

# by_pod_label indexes pod sources (workloads and operator resources) by [namespace, key, value]
# of their pod labels.
# A comprehension, not an object rule: it is built once, where a rule would be evaluated per lookup.
# regal ignore:prefer-set-or-object-rule
by_pod_label := {key: [e.object | some e in _labeled; e.key == key] | some key in {e.key | some e in _labeled}}

# _first_label is the [key, value] of a label map with the smallest key (undefined when empty).
_first_label(labels) := [key, labels[key]] if {
	is_object(labels)
	count(labels) > 0
	key := min(object.keys(labels))
}

# candidates is the pod sources of the namespace (workloads and operator resources) whose pods may
# match a selector's required labels (a plain label map): only those carrying its first label, or
# every one when it has none.
candidates(namespace, required) := object.get(by_pod_label, [array.concat([namespace], _first_label(_static(required)))], [])

candidates(namespace, required) := workloads_in(namespace) if not _first_label(_static(required))

# controller_labels are set on pods by their controllers, not in the pod template: one StatefulSet
# pod's name and index, a ReplicaSet's pod-template-hash, a Job's name and uid. A selector on them
# (a Service for one StatefulSet member, say) cannot be compared with the rendered templates, so
# matching leaves them out: assumed to hold.
controller_labels := {
	"statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index", "controller-revision-hash",
	"pod-template-hash", "batch.kubernetes.io/job-name", "job-name", "batch.kubernetes.io/controller-uid",
	"controller-uid", "batch.kubernetes.io/job-completion-index",
}

_static(labels) := object.remove(labels, controller_labels) if is_object(labels)

_static(labels) := {} if not is_object(labels)

# selector_candidates is candidates for a LabelSelector (its matchLabels).
selector_candidates(namespace, selector) := candidates(namespace, _match_labels(selector))

_match_labels(selector) := object.get(selector, "matchLabels", {}) if is_object(selector)

_match_labels(selector) := {} if not is_object(selector)

_selector_paths := {"PodDisruptionBudget": ["spec", "selector"], "NetworkPolicy": ["spec", "podSelector"]}

# _selector_keyed pairs each object of a kind with the [namespace, kind, key, value] of the first
# matchLabels entry of its selector at `path`, or [namespace, kind] when that has none.
_selector_keyed := [{"key": array.concat([namespace, kind], _first_label_or_none(_match_labels(object.get(obj, path, null)))), "object": obj} |
	some kind, path in _selector_paths
	some obj in objects_of_kind(kind)
	namespace := object.get(obj, ["metadata", "namespace"], "")
]

_first_label_or_none(labels) := label if {
	label := _first_label(labels)
} else := []

# by_selector indexes PodDisruptionBudgets and NetworkPolicies by the keys of _selector_keyed.
# A comprehension, not an object rule: it is built once, where a rule would be evaluated per lookup.
# regal ignore:prefer-set-or-object-rule
by_selector := {key: [e.object | some e in _selector_keyed; e.key == key] | some key in {e.key | some e in _selector_keyed}}

# selecting is the PodDisruptionBudgets or NetworkPolicies (kind) of the workload's namespace that
# may select its pods: those whose first matchLabels entry the pods carry, and those without one.
selecting(kind, workload) := _selecting(kind, k8s.namespace(workload), pod_labels(workload))

_selecting(kind, namespace, labels) := array.concat(
	[obj |
		some key, value in labels
		some obj in object.get(by_selector, [[namespace, kind, key, value]], [])
	],
	object.get(by_selector, [[namespace, kind]], []),
)

# same_namespace holds for two objects in one namespace (no metadata.namespace counts as "").
same_namespace(a, b) if k8s.namespace(a) == k8s.namespace(b)

# pod_labels is the labels a workload gives its pods: a Pod's own labels, or its pod template's.
pod_labels(obj) := _object_or_empty(k8s.labels(obj)) if obj.kind == "Pod"

pod_labels(obj) := labels if {
	obj.kind != "Pod"
	labels := _object_or_empty(object.get(obj, array.concat(k8s.template_paths[obj.kind], ["metadata", "labels"]), {}))
}

# An operator resource's pods get its spec.podMetadata.labels and the operator's own labels.
pod_labels(obj) := object.union(object.union(extra, spec.labels), {key: name | some key in spec.name_labels}) if {
	obj.kind in _operator_kinds
	spec := operator_pod_spec(obj)
	extra := _object_or_empty(object.get(obj, ["spec", "podMetadata", "labels"], {}))
	name := k8s.name(obj)
}

# matches holds when a LabelSelector selects the labels: every matchLabels entry is present and
# every matchExpressions requirement holds. The empty selector {} selects everything; a missing
# (null) selector selects nothing, as in policy/v1 PodDisruptionBudgets.
matches(selector, labels) if {
	is_object(selector)
	every key, value in _static(object.get(selector, "matchLabels", {})) {
		labels[key] == value
	}
	every requirement in _array_or_empty(object.get(selector, "matchExpressions", [])) {
		_requirement_holds_or_unknown(requirement, labels)
	}
}

_requirement_holds_or_unknown(requirement, _) if requirement.key in controller_labels

_requirement_holds_or_unknown(requirement, labels) if _requirement_holds(requirement, labels)

_requirement_holds(requirement, labels) if {
	requirement.operator == "In"
	_label_in(labels, requirement)
}

# NotIn also holds when the label is missing. (Negating a helper call, not `not labels[k] in v`:
# OPA evaluates the undefined labels[k] outside the `not`, so that form fails for missing labels.)
_requirement_holds(requirement, labels) if {
	requirement.operator == "NotIn"
	not _label_in(labels, requirement)
}

_requirement_holds(requirement, labels) if {
	requirement.operator == "Exists"
	requirement.key in object.keys(labels)
}

_requirement_holds(requirement, labels) if {
	requirement.operator == "DoesNotExist"
	not requirement.key in object.keys(labels)
}

_label_in(labels, requirement) if labels[requirement.key] in _array_or_empty(object.get(requirement, "values", []))

# service_selector is a Service's spec.selector when it has one. A Service without a selector
# (or with an empty one) has its endpoints managed outside Kubernetes and selects no pods.
service_selector(service) := selector if {
	selector := service.spec.selector
	is_object(selector)
	count(selector) > 0
}

# service_matches holds when a Service selector (a plain label map) selects the labels.
service_matches(selector, labels) if {
	every key, value in selector {
		labels[key] == value
	}
}

# selects_workload holds when a LabelSelector of `obj` selects the pods of `workload` (a workload or
# an operator resource) in its namespace.
selects_workload(obj, selector, workload) if {
	runs_pods(workload)
	object.get(obj, ["metadata", "namespace"], "") == object.get(workload, ["metadata", "namespace"], "") # same_namespace, without a call
	matches(selector, pod_labels(workload))
}

# pdb_selector is a PodDisruptionBudget's spec.selector (null when it has none).
pdb_selector(pdb) := object.get(pdb, ["spec", "selector"], null)

# pdb_selects holds when a PodDisruptionBudget selects the pods of the workload.
pdb_selects(pdb, workload) if selects_workload(pdb, pdb_selector(pdb), workload)

# hpa_targets holds when an HPA's scaleTargetRef names the workload: same namespace, kind and
# name, and the same API group when both give an apiVersion.
hpa_targets(hpa, workload) if {
	same_namespace(hpa, workload)
	ref := hpa.spec.scaleTargetRef
	ref.kind == workload.kind
	ref.name == k8s.name(workload)
	_same_group(object.get(ref, "apiVersion", null), object.get(workload, "apiVersion", null))
}

_same_group(a, b) if not _both_strings(a, b)

_same_group(a, b) if {
	_both_strings(a, b)
	k8s.api_group(a) == k8s.api_group(b)
}

_both_strings(a, b) if {
	is_string(a)
	is_string(b)
}

# hpa_min_replicas is the smallest minReplicas (default 1) of the HPAs targeting a workload;
# undefined when no HPA targets it.
hpa_min_replicas(workload) := min(mins) if {
	mins := {object.get(hpa, ["spec", "minReplicas"], 1) |
		some hpa in of_kind_in("HorizontalPodAutoscaler", k8s.namespace(workload))
		hpa_targets(hpa, workload)
	}
	count(mins) > 0
}

# spec_replicas is a scalable workload's spec.replicas (default 1).
spec_replicas(workload) := object.get(workload, ["spec", "replicas"], 1)

# namespace_text names an object's namespace for messages: `namespace "shop"`.
namespace_text(obj) := sprintf("namespace %q", [k8s.namespace(obj)])

_object_or_empty(value) := value if is_object(value)

_object_or_empty(value) := {} if not is_object(value)

_array_or_empty(value) := value if is_array(value)

_array_or_empty(value) := [] if not is_array(value)
