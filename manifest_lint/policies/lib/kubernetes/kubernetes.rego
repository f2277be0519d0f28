# METADATA
# title: Kubernetes object helpers
# description: |
#   Finds every object, pod spec and container in one input document, whatever kind wraps
#   the pod. Rules never repeat this walk: they iterate `objects`, `pods` or `containers`.
package lib.kubernetes

# Where each workload kind keeps its pod template.
template_paths := {
	"Deployment": ["spec", "template"],
	"ReplicaSet": ["spec", "template"],
	"StatefulSet": ["spec", "template"],
	"DaemonSet": ["spec", "template"],
	"Job": ["spec", "template"],
	"ReplicationController": ["spec", "template"],
	"CronJob": ["spec", "jobTemplate", "spec", "template"],
	"PodTemplate": ["template"],
}

workload_kinds := object.keys(template_paths) | {"Pod"}

container_types := ["containers", "initContainers", "ephemeralContainers"]

# objects is every Kubernetes object in the input: the document itself, the items of a List,
# or, under `conftest test --combine`, every object of every entry of the combined array. So
# each rule checks every document in one combined run: one query per rule, whatever the
# number of files (a run per file costs one query per rule per file).
#
# objects, pods and containers are arrays, not sets: a set hashes every member, and these
# members hold whole manifests, which made every query pay for hashing the input again.
# manifest-lint's whole-run List puts its objects first (grouped by kind, see objects_by_kind).
objects := array.slice(input.items, 0, sum(sizes)) if {
	_whole_run_ranges # (a comprehension over it alone would be empty, not undefined, outside a whole run)
	sizes := [size | some range in _whole_run_ranges; size := range[1] - range[0]]
} else := array.concat(
	[obj | some obj in objects_in(input)],
	[obj | some entry in combined_entries; some obj in objects_in(entry.contents)],
)

# objects_by_kind is `objects` grouped by kind, and objects_of(kind) / objects_of_kinds(kinds)
# read it. A rule about some kinds iterates only their objects: every expression a rule
# evaluates for each of 10,000 objects costs about 3 ms of a query, and most rules judge a
# few kinds of the many in an input. manifest-lint's whole-run List has its items grouped by
# kind and says where each kind's are (whole_run_kinds_field): slices of them, no walk of the
# objects. Otherwise OPA builds the inner comprehension's index once.
objects_by_kind := {kind: array.slice(input.items, range[0], range[1]) | some kind, range in _whole_run_ranges} if {
	_whole_run_ranges
} else := {kind: [obj | some obj in objects; obj.kind == kind] | some kind in _kinds}

_kinds contains obj.kind if some obj in objects

# _whole_run_ranges is kind -> [start, end) of its objects among the whole-run List's items.
_whole_run_ranges := input[whole_run_kinds_field] if whole_run_list

whole_run_kinds_field := "manifest-lint.omnitide.dev/kinds"

objects_of(kind) := object.get(objects_by_kind, kind, [])

objects_of_kinds(kinds) := [obj | some kind in kinds; some obj in objects_of(kind)]

# combined_entries is the {path, contents} entries of a `conftest test --combine` input.
combined_entries := [entry |
	is_array(input)
	some entry in input
	is_object(entry)
	is_string(entry.path)
	"contents" in object.keys(entry)
]

# whole_run_list holds for the input manifest-lint gives both its conftest passes: one List of every
# object of the run, annotated with whole_run_annotation "true". It is what a `conftest test --combine`
# array is to the rules, which conftest reads without --combine's JSON round trip of the whole input.
whole_run_list if {
	input.kind == "List"
	object.get(input, ["metadata", "annotations", whole_run_annotation], null) == "true"
}

whole_run_annotation := "manifest-lint.omnitide.dev/whole-run"

# objects_in is every Kubernetes object in one given document (the document itself, or the
# items of a List), for rules that walk documents other than `input`, such as the entries of
# a `conftest test --combine` array. It is empty for documents that are not objects (an object
# is a mapping with a string kind). One function of builtins: each function it called with the
# document compared the whole document again whenever OPA's call cache held that call.
objects_in(doc) := [obj | some obj in doc.items; is_object(obj); is_string(obj.kind)] if {
	is_object(doc)
	is_string(doc.kind)
	endswith(doc.kind, "List")
	is_array(doc.items)
} else := [doc] if {
	is_object(doc)
	is_string(doc.kind)
} else := []

# api_group is the group of an apiVersion: "apps" for "apps/v1", "" for the core "v1".
api_group(api_version) := group if {
	contains(api_version, "/")
	group := split(api_version, "/")[0]
} else := ""

# namespaced_builtin_kinds is the namespaced built-in kinds, by "group/kind" ("" is the core group).
namespaced_builtin_kinds := {
	"/Pod", "/Service", "/ConfigMap", "/Secret", "/ServiceAccount", "/PersistentVolumeClaim",
	"/Endpoints", "/LimitRange", "/ResourceQuota", "/ReplicationController", "/PodTemplate",
	"apps/Deployment", "apps/StatefulSet", "apps/DaemonSet", "apps/ReplicaSet",
	"batch/Job", "batch/CronJob", "autoscaling/HorizontalPodAutoscaler",
	"policy/PodDisruptionBudget", "networking.k8s.io/Ingress", "networking.k8s.io/NetworkPolicy",
	"extensions/Ingress", "extensions/Deployment", "extensions/DaemonSet", "extensions/ReplicaSet",
	"rbac.authorization.k8s.io/Role", "rbac.authorization.k8s.io/RoleBinding",
	"discovery.k8s.io/EndpointSlice", "coordination.k8s.io/Lease",
	"storage.k8s.io/CSIStorageCapacity",
}

# namespaced_builtin_objects is every object of a namespaced built-in kind, found once per query
# for the rules on metadata.namespace.
namespaced_builtin_objects := [obj |
	some kind, groups in _namespaced_builtin_groups
	some obj in objects_of(kind)
	api_group(obj.apiVersion) in groups
]

# _namespaced_builtin_groups is namespaced_builtin_kinds by kind: kind -> its groups.
_namespaced_builtin_groups[kind] contains group if {
	some group_kind in namespaced_builtin_kinds
	[group, kind] := split(group_kind, "/")
}

# pods is one entry per pod spec: the object that holds it, the pod metadata and the spec, and
# facts of the spec that many rules ask: its securityContext ({} when unset), whether it is a
# Windows pod (is_windows) and whether it runs in a user namespace (in_user_namespace).
#
# Rules read these fields rather than call a function with the spec: OPA caches every function
# call by its arguments, and each cached call with a whole pod spec compares the whole spec.
pods := [pod |
	some obj in objects_of_kinds(workload_kinds)
	spec := _pod_spec(obj)
	pod := {
		"object": obj,
		"metadata": _pod_metadata(obj),
		"spec": spec,
		"security_context": pod_security_context(spec),
		"windows": _windows(spec),
		"user_namespace": _user_namespace(spec),
	}
]

_pod_spec(obj) := obj.spec if {
	obj.kind == "Pod"
	is_object(obj.spec)
}

_pod_spec(obj) := spec if {
	path := template_paths[obj.kind]
	spec := object.get(obj, array.concat(path, ["spec"]), null)
	is_object(spec)
}

_pod_metadata(obj) := object.get(obj, "metadata", {}) if obj.kind == "Pod"

_pod_metadata(obj) := object.get(obj, array.concat(template_paths[obj.kind], ["metadata"]), {})

# containers is one entry per container of every pod, init and ephemeral containers included:
# {"pod", "object", "container", "type", "index", "name", "security_context",
# "effective_security_context", "judged"} ("judged": see container_groups). `name` always exists, so a rule never goes silent on a container
# that lacks one: it is the container's name, or its position such as "containers[0]" when the
# name is missing or empty. Rules report containers by `name`. The two security contexts are the
# container's own ({} when unset) and effective_security_context's, worked out once per container.
containers := [entry |
	some pod in pods
	some type in container_types
	some i, container in object.get(pod.spec, type, [])
	is_object(container)
	context := security_context(container)
	effective := _effective_of(pod.security_context, context)
	entry := {
		"pod": pod,
		"object": pod.object,
		"container": container,
		"type": type,
		"index": i,
		"name": container_name(container, type, i),
		"security_context": context,
		"effective_security_context": effective,
		"judged": {
			"container": container,
			"type": type,
			"security_context": context,
			"effective_security_context": effective,
			"windows": pod.windows,
			"user_namespace": pod.user_namespace,
		},
	}
]

# container_groups is `containers` grouped by what a container rule judges: one group per distinct
# {"container", "type", "security_context", "effective_security_context", "windows",
# "user_namespace"} (the entry's fields, windows and user_namespace its pod's), with those fields
# and "members", the containers entries that share them. A rule that judges only these fields
# iterates the groups and reports each member of a group it finds wrong:
#
#   some g in k8s.container_groups
#   not g.security_context.readOnlyRootFilesystem == true
#   some c in g.members
#
# Manifests repeat containers (sidecars, one image in many workloads, rendered charts), so each
# distinct one is judged once, not once per workload that runs it; a rule that needs more of the
# pod (its volumes, restartPolicy, kind) reads it from the members.
container_groups := [object.union(judged, {"members": members}) | some judged, members in _members_by_judged]

# A comprehension, not an object rule: keyed by objects, OPA indexes the inner comprehension only in
# this form (as an object rule it compared every pair of containers: 4 s for 2,892 distinct ones).
# regal ignore:prefer-set-or-object-rule
_members_by_judged := {judged: [c | some c in containers; c.judged == judged] | some judged in {c.judged | some c in containers}}

_windows(spec) if {
	is_windows(spec)
} else := false

_user_namespace(spec) if {
	in_user_namespace(spec)
} else := false

# container_name is a container's name, or "<type>[<index>]" when it has none (or an empty one).
container_name(container, type, i) := container.name if {
	is_string(container.name)
	container.name != ""
} else := sprintf("%s[%d]", [type, i])

# Fields of an object, with defaults for what is left out.
name(obj) := object.get(obj, ["metadata", "name"], "")

namespace(obj) := object.get(obj, ["metadata", "namespace"], "")

labels(obj) := object.get(obj, ["metadata", "labels"], {})

annotations(obj) := object.get(obj, ["metadata", "annotations"], {})

# security_context is the container's securityContext, or {} when it has none.
security_context(container) := object.get(container, "securityContext", {})

pod_security_context(spec) := object.get(spec, "securityContext", {})

# inherited_fields are the securityContext fields a pod sets for all its containers, each of
# which a container overrides by setting the field itself (PodSecurityContext and
# SecurityContext both have them; the kubelet's DetermineEffectiveSecurityContext merges them).
inherited_fields := ["runAsUser", "runAsGroup", "runAsNonRoot", "seLinuxOptions", "seccompProfile", "appArmorProfile", "windowsOptions"]

# A containers entry's "effective_security_context" (_effective_of the pod's and the container's) is
# the securityContext the container runs with: its own
# fields, and for each of inherited_fields the container's value when it sets one, else the pod's.
# windowsOptions is merged field by field (the GMSA pair goes together), as the kubelet does.
# A field set to null counts as not set. Pod-only fields (fsGroup, sysctls, ...) are not in it.
#
# Pod Security Standards checks mostly judge each level on its own (a pod-level runAsUser: 0 is
# forbidden even when every container overrides it), so only rules about what a container
# actually gets (a required field set at neither level, the UID it runs as) read it.

_effective_of(pod_context, container_context) := object.union(
	{field: value |
		some field in inherited_fields
		field != "windowsOptions"
		value := _effective_value(pod_context, container_context, field)
	},
	object.union(
		{field: value |
			some field, value in _object_or_empty(container_context)
			not field in inherited_fields
			value != null
		},
		_effective_windows_options(pod_context, container_context),
	),
)

_effective_value(pod_context, container_context, field) := value if {
	value := container_context[field]
	value != null
} else := value if {
	value := pod_context[field]
	value != null
}

_effective_windows_options(pod_context, container_context) := {"windowsOptions": merged} if {
	pod_options := _field(pod_context, "windowsOptions")
	container_options := _field(container_context, "windowsOptions")
	_either_object(pod_options, container_options)
	merged := _merge_windows_options(_set_fields(pod_options), _set_fields(container_options))
} else := {}

_field(security_context, name) := object.get(_object_or_empty(security_context), name, null)

_either_object(a, _) if is_object(a)

_either_object(_, b) if is_object(b)

_gmsa_fields := {"gmsaCredentialSpecName", "gmsaCredentialSpec"}

_merge_windows_options(pod_options, container_options) := object.union(object.remove(pod_options, _gmsa_fields), container_options) if {
	count(_gmsa_fields & object.keys(container_options)) > 0
} else := object.union(pod_options, container_options)

# _set_fields is an object without its null fields ({} for anything that is not an object).
_set_fields(value) := {key: v | some key, v in value; v != null} if is_object(value)

_set_fields(value) := {} if not is_object(value)

_object_or_empty(value) := value if is_object(value)

_object_or_empty(value) := {} if not is_object(value)

# is_windows holds for pods that declare a Windows OS (exempt from some Restricted controls).
is_windows(spec) if spec.os.name == "windows"

# pod_path is the dotted path of a pod field inside the object that holds the pod:
# pod_path(pod, "spec.hostNetwork") is "spec.hostNetwork" for a Pod and
# "spec.template.spec.hostNetwork" for a Deployment. Messages use it to name fields exactly.
pod_path(obj, field) := field if obj.kind == "Pod"

pod_path(obj, field) := concat(".", array.concat(template_paths[obj.kind], [field])) if obj.kind != "Pod"

# in_user_namespace holds for pods with spec.hostUsers: false, which Pod Security Standards
# relax some controls for (procMount in Baseline, runAsNonRoot and runAsUser in Restricted).
in_user_namespace(spec) if spec.hostUsers == false
