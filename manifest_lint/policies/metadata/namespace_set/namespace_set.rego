# METADATA
# title: Namespace set
# description: |
#   A namespaced object without metadata.namespace lands in whatever namespace the deploying
#   client happens to use, often default. Namespaced built-in objects must name their namespace.
#   (kube-score, Kubescape.) Low severity: some tools (kustomize, Helm, Argo CD) set it on apply.
# scope: package
# custom:
#   id: meta-namespace-set
#   severity: low
#   kinds: [namespaced built-in kinds]
#   remediation: Set metadata.namespace to the application's own namespace.
package metadata.namespace_set

import data.lib.findings
import data.lib.kubernetes as k8s

deny := findings.unwaived(rego.metadata.chain(), _violations)

warn := findings.waived(rego.metadata.chain(), _violations)

# Namespaced built-in kinds, by "group/kind" ("" is the core group).
_namespaced := {
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

_violations contains findings.problem(obj, null, "metadata.namespace is not set") if {
	some obj in k8s.objects
	_is_namespaced(obj)
	k8s.namespace(obj) == ""
}

_is_namespaced(obj) if sprintf("%s/%s", [_group(obj.apiVersion), obj.kind]) in _namespaced

_group(api_version) := split(api_version, "/")[0] if contains(api_version, "/")

_group(api_version) := "" if not contains(api_version, "/")
