# METADATA
# title: Deprecated and removed Kubernetes API versions
# description: |
#   The table behind api-removed-version and api-deprecated-version, from the Kubernetes
#   "Deprecated API Migration Guide": for each apiVersion and kind, the release that deprecated
#   it, the release that stopped serving it (null when no removal is scheduled) and what
#   replaces it. The target release is data.lint_config.kube_version (default "1.37"); write it
#   as a string ("1.30"), since YAML reads an unquoted 1.30 as the number 1.3.
package apiversions.table

import data.lib.kubernetes as k8s

default target := "1.37"

target := sprintf("%v", [data.lint_config.kube_version])

# version_number turns "1.25", "v1.25.3" or "1.25" into a comparable number (1025).
version_number(version) := (to_number(parts[0]) * 1000) + to_number(parts[1]) if {
	found := regex.find_n(`\d+\.\d+`, version, 1)
	parts := split(found[0], ".")
}

target_number := version_number(target)

# entry is the table row for an object's apiVersion and kind (undefined when it has none).
# listed is every object whose apiVersion and kind the table lists, with its row ({"object", "row"}).
listed := [{"object": obj, "row": row} |
	some kind in {row.kind | some row in rows}
	some obj in k8s.objects_of(kind)
	row := _by_api_kind[obj.apiVersion][kind]
]

# _by_api_kind indexes the rows (apiVersion -> kind -> row), so a lookup costs one step per object.
# A comprehension, evaluated once per query: as an object rule it was re-evaluated on every lookup.
# regal ignore:prefer-set-or-object-rule
_by_api_kind := {api: {row.kind: row | some row in rows; row.api == api} | some api in {row.api | some row in rows}}

# removed_in_target holds when the target release no longer serves the row's API.
removed_in_target(row) if {
	row.removed != null
	target_number >= version_number(row.removed)
}

# deprecated_in_target holds when the target release still serves the row's API but deprecates it.
deprecated_in_target(row) if {
	target_number >= version_number(row.deprecated)
	not removed_in_target(row)
}

_flowcontrol := ["FlowSchema", "PriorityLevelConfiguration"]

_authz_reviews := ["SubjectAccessReview", "LocalSubjectAccessReview", "SelfSubjectAccessReview"]

_rbac := ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"]

_webhooks := ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]

# rows is one entry per apiVersion and kind, expanded from _table's
# [apiVersion, kinds, deprecated in, removed in, replacement] lines.
rows := [{"api": line[0], "kind": kind, "deprecated": line[2], "removed": line[3], "replacement": line[4]} |
	some line in _table
	some kind in line[1]
]

_table := [
	# Removed in 1.16.
	["extensions/v1beta1", ["Deployment", "DaemonSet", "ReplicaSet"], "1.9", "1.16", "apps/v1"],
	["apps/v1beta1", ["Deployment", "StatefulSet", "ControllerRevision"], "1.9", "1.16", "apps/v1"],
	["apps/v1beta2", ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ControllerRevision"], "1.9", "1.16", "apps/v1"],
	["extensions/v1beta1", ["NetworkPolicy"], "1.9", "1.16", "networking.k8s.io/v1"],
	["extensions/v1beta1", ["PodSecurityPolicy"], "1.10", "1.16", "Pod Security Admission"],
	# Removed in 1.22.
	["admissionregistration.k8s.io/v1beta1", _webhooks, "1.16", "1.22", "admissionregistration.k8s.io/v1"],
	["apiextensions.k8s.io/v1beta1", ["CustomResourceDefinition"], "1.16", "1.22", "apiextensions.k8s.io/v1"],
	["apiregistration.k8s.io/v1beta1", ["APIService"], "1.19", "1.22", "apiregistration.k8s.io/v1"],
	["authentication.k8s.io/v1beta1", ["TokenReview"], "1.19", "1.22", "authentication.k8s.io/v1"],
	["authorization.k8s.io/v1beta1", _authz_reviews, "1.19", "1.22", "authorization.k8s.io/v1"],
	["certificates.k8s.io/v1beta1", ["CertificateSigningRequest"], "1.19", "1.22", "certificates.k8s.io/v1"],
	["coordination.k8s.io/v1beta1", ["Lease"], "1.19", "1.22", "coordination.k8s.io/v1"],
	["extensions/v1beta1", ["Ingress"], "1.14", "1.22", "networking.k8s.io/v1"],
	["networking.k8s.io/v1beta1", ["Ingress", "IngressClass"], "1.19", "1.22", "networking.k8s.io/v1"],
	["rbac.authorization.k8s.io/v1beta1", _rbac, "1.17", "1.22", "rbac.authorization.k8s.io/v1"],
	["scheduling.k8s.io/v1beta1", ["PriorityClass"], "1.14", "1.22", "scheduling.k8s.io/v1"],
	["storage.k8s.io/v1beta1", ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"], "1.19", "1.22", "storage.k8s.io/v1"],
	# Removed in 1.25.
	["batch/v1beta1", ["CronJob"], "1.21", "1.25", "batch/v1"],
	["discovery.k8s.io/v1beta1", ["EndpointSlice"], "1.21", "1.25", "discovery.k8s.io/v1"],
	["events.k8s.io/v1beta1", ["Event"], "1.19", "1.25", "events.k8s.io/v1"],
	["autoscaling/v2beta1", ["HorizontalPodAutoscaler"], "1.22", "1.25", "autoscaling/v2"],
	["policy/v1beta1", ["PodDisruptionBudget"], "1.21", "1.25", "policy/v1"],
	["policy/v1beta1", ["PodSecurityPolicy"], "1.21", "1.25", "Pod Security Admission"],
	["node.k8s.io/v1beta1", ["RuntimeClass"], "1.20", "1.25", "node.k8s.io/v1"],
	# Removed in 1.26, 1.27, 1.29 and 1.32.
	["flowcontrol.apiserver.k8s.io/v1beta1", _flowcontrol, "1.23", "1.26", "flowcontrol.apiserver.k8s.io/v1"],
	["autoscaling/v2beta2", ["HorizontalPodAutoscaler"], "1.23", "1.26", "autoscaling/v2"],
	["storage.k8s.io/v1beta1", ["CSIStorageCapacity"], "1.24", "1.27", "storage.k8s.io/v1"],
	["flowcontrol.apiserver.k8s.io/v1beta2", _flowcontrol, "1.26", "1.29", "flowcontrol.apiserver.k8s.io/v1"],
	["flowcontrol.apiserver.k8s.io/v1beta3", _flowcontrol, "1.29", "1.32", "flowcontrol.apiserver.k8s.io/v1"],
	# Deprecated in 1.33, no removal scheduled.
	["v1", ["Endpoints"], "1.33", null, "discovery.k8s.io/v1 EndpointSlice"],
]
