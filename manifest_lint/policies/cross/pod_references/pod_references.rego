# METADATA
# title: Pods refer to ServiceAccounts and ConfigMaps the application defines
# description: |
#   A pod whose ServiceAccount does not exist is never created, and one that needs a ConfigMap
#   that does not exist (or a key it lacks) does not start. Whether an object exists can only be
#   judged when the input is the whole application, so this is checked only across all rendered
#   documents (`conftest test --combine`), and only for pods in a namespace for which the input
#   contains the Namespace object: the application owns that namespace, so what runs in it comes
#   from the input. Pods of other namespaces, or without one, are not checked.
#
#   Reported: spec.serviceAccountName (or the deprecated spec.serviceAccount) naming a
#   ServiceAccount the input does not define there (omitted means `default`, which every
#   namespace has); a ConfigMap named by a volume (configMap or projected), env
#   valueFrom.configMapKeyRef or envFrom configMapRef that the input does not define there,
#   or a key (configMapKeyRef key, volume items) that the defined ConfigMap lacks in data and
#   binaryData. References marked optional: true, and kube-root-ca.crt (published into every
#   namespace by the cluster), are left out.
#
#   Secrets are usually created outside the render (sealed-secrets, external-secrets, a
#   vault or CI step), so a Secret missing from the input is NOT reported; only when the input
#   does define the Secret is a key that it lacks (secretKeyRef key, volume items; in data or
#   stringData) reported. Medium: the workload does not come up, which the rollout shows at
#   once, but a namespace the application owns rarely gets the object from elsewhere.
#   (kube-linter non-existent-service-account.)
# scope: package
# custom:
#   id: cross-pod-references
#   severity: medium
#   kinds: [workloads]
#   combine: true
#   remediation: Add the ServiceAccount or ConfigMap (or the key) to the application, fix the name, or mark a reference that is created elsewhere optional.
package cross.pod_references

import data.lib.findings
import data.lib.kubernetes as k8s
import data.lib.selectors

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

# _owned_namespaces is the namespaces whose Namespace object the input contains.
_owned_namespaces contains k8s.name(ns) if {
	selectors.combined
	some ns in selectors.objects_of_kind("Namespace")
}

_violations contains findings.problem(pod.object, null, detail) if {
	some pod in k8s.pods
	pod.object.kind in selectors.workload_kinds
	k8s.namespace(pod.object) in _owned_namespaces
	[field, name] := _service_account(pod.spec)
	name != "default"
	not _defined("ServiceAccount", k8s.namespace(pod.object), name)
	path := k8s.pod_path(pod.object, sprintf("spec.%v", [field]))
	namespace := selectors.namespace_text(pod.object)
	args := [path, name, namespace]
	detail := sprintf("%v %q names a ServiceAccount that the input does not define in %v (a namespace it creates), so no pod can be created", args)
}

_violations contains findings.problem(pod.object, null, detail) if {
	some pod in k8s.pods
	pod.object.kind in selectors.workload_kinds
	k8s.namespace(pod.object) in _owned_namespaces
	some vol in _array(object.get(pod.spec, "volumes", []))
	some ref in _volume_refs(vol)
	detail := _detail(ref, pod.object)
}

_violations contains findings.problem(c.object, c.name, detail) if {
	some c in k8s.containers
	c.object.kind in selectors.workload_kinds
	k8s.namespace(c.object) in _owned_namespaces
	some ref in _container_refs(c.container)
	detail := _detail(ref, c.object)
}

_service_account(spec) := ["serviceAccountName", spec.serviceAccountName] if {
	_name(spec.serviceAccountName)
} else := ["serviceAccount", spec.serviceAccount] if {
	_name(spec.serviceAccount)
}

_name(value) if {
	is_string(value)
	value != ""
}

# _volume_refs is the non-optional ConfigMaps and Secrets a volume needs: {kind, name, keys, where, effect}.
_volume_refs(vol) := [ref |
	some [kind, source] in _volume_sources(vol)
	is_object(source)
	object.get(source, "optional", false) != true
	name := object.get(source, _name_field[kind], null)
	_name(name)
	keys := [item.key | some item in _array(object.get(source, "items", [])); _name(item.key)]
	where := sprintf("volume %q", [vol.name])
	ref := {"kind": kind, "name": name, "keys": keys, "where": where, "effect": "the volume cannot be mounted, so the pod does not start"}
]

_volume_sources(vol) := array.concat(
	[["ConfigMap", object.get(vol, "configMap", null)], ["Secret", object.get(vol, "secret", null)]],
	[[kind, source[field]] |
		some source in _array(object.get(vol, ["projected", "sources"], []))
		some field, kind in {"configMap": "ConfigMap", "secret": "ProjectedSecret"}
	],
)

# A secret volume names its Secret in secretName; projected sources and env references use name.
_name_field := {"ConfigMap": "name", "Secret": "secretName", "ProjectedSecret": "name"}

# _container_refs is the non-optional ConfigMaps and Secrets a container's env and envFrom need.
_container_refs(container) := array.concat(
	[ref |
		some env in _array(object.get(container, "env", []))
		some field, kind in {"configMapKeyRef": "ConfigMap", "secretKeyRef": "Secret"}
		source := object.get(env, ["valueFrom", field], null)
		is_object(source)
		object.get(source, "optional", false) != true
		_name(source.name)
		keys := [source.key | _name(source.key)]
		where := sprintf("env %q (valueFrom.%v)", [env.name, field])
		ref := {"kind": kind, "name": source.name, "keys": keys, "where": where, "effect": "the container does not start"}
	],
	[ref |
		some i, from in _array(object.get(container, "envFrom", []))
		some field, kind in {"configMapRef": "ConfigMap", "secretRef": "Secret"}
		source := object.get(from, field, null)
		is_object(source)
		object.get(source, "optional", false) != true
		_name(source.name)
		where := sprintf("envFrom[%v].%v", [i, field])
		ref := {"kind": kind, "name": source.name, "keys": [], "where": where, "effect": "the container does not start"}
	],
)

# ConfigMaps published into every namespace by the cluster (the root CA bundle).
_cluster_config_maps := {"kube-root-ca.crt"}

_detail(ref, obj) := msg if {
	ref.kind == "ConfigMap"
	not ref.name in _cluster_config_maps
	not _defined("ConfigMap", k8s.namespace(obj), ref.name)
	args := [ref.where, ref.name, selectors.namespace_text(obj), ref.effect]
	msg := sprintf("%v refers to ConfigMap %q, which the input does not define in %v (a namespace it creates): %v", args)
} else := msg if {
	kind := _object_kind(ref.kind)
	objects := _named(kind, k8s.namespace(obj), ref.name)
	count(objects) > 0
	missing := [sprintf("%q", [key]) | some key in ref.keys; not _has_key(objects, key)]
	count(missing) > 0
	msg := sprintf("%v refers to key %v of %v %q, which has no such key: %v", [ref.where, concat(", ", missing), kind, ref.name, ref.effect])
}

_object_kind("ProjectedSecret") := "Secret"

_object_kind(kind) := kind if kind != "ProjectedSecret"

_named(kind, namespace, name) := [obj | some obj in selectors.of_kind_in(kind, namespace); k8s.name(obj) == name]

_defined(kind, namespace, name) if count(_named(kind, namespace, name)) > 0

_key_fields := {"ConfigMap": ["data", "binaryData"], "Secret": ["data", "stringData"]}

_has_key(objects, key) if {
	some obj in objects
	some field in _key_fields[obj.kind]
	is_object(obj[field])
	key in object.keys(obj[field])
}

_array(value) := value if is_array(value)

_array(value) := [] if not is_array(value)
