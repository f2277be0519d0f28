# METADATA
# title: RoleBindings refer to roles that exist
# description: |
#   A RoleBinding or ClusterRoleBinding whose roleRef names a Role or ClusterRole that the input
#   does not define grants nothing: its subjects get 403s at run time. It also hands them,
#   silently, whatever a role created later under that name allows. A RoleBinding's Role must
#   be in the binding's namespace; a ClusterRoleBinding can only refer to a ClusterRole (the API
#   server refuses a Role). The roles every cluster has are not required in the input: the
#   ClusterRoles cluster-admin, admin, edit, view and system:*, and the Roles system:* and
#   extension-apiserver-authentication-reader of kube-system (system:* of kube-public).
#   Compared across all rendered documents (`conftest test --combine`); a binding to a role
#   installed by another release (an operator's ClusterRole, say) needs a waiver naming it.
#   Medium: the mistake shows as denied requests rather than as an exposure, until someone
#   creates the missing role. (Polaris clusterrolebindingPodExecAttach and
#   rolebindingRolePodExecAttach also report bindings to missing roles.)
# scope: package
# custom:
#   id: cross-binding-role
#   severity: medium
#   kinds: [RoleBinding, ClusterRoleBinding]
#   combine: true
#   remediation: Add the Role or ClusterRole to the application, or fix roleRef (kind, name; a RoleBinding's Role lives in its namespace).
package cross.binding_role

import data.lib.findings
import data.lib.kubernetes as k8s
import data.lib.selectors

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(binding, null, detail) if {
	some binding_kind in ["RoleBinding", "ClusterRoleBinding"]
	some binding in selectors.objects_of_kind(binding_kind)
	ref := binding.roleRef
	ref.kind in {"Role", "ClusterRole"}
	is_string(ref.name)
	not _cluster_binding_to_role(binding)
	not _exists(binding, ref)
	detail := sprintf("roleRef %v %q %v, so the binding grants nothing (until a %v of that name appears)", [ref.kind, ref.name, _where(binding, ref), ref.kind])
}

_violations contains findings.problem(binding, null, detail) if {
	some binding in selectors.objects_of_kind("ClusterRoleBinding")
	_cluster_binding_to_role(binding)
	detail := sprintf("roleRef names Role %q, but a ClusterRoleBinding can only refer to a ClusterRole", [binding.roleRef.name])
}

_cluster_binding_to_role(binding) if {
	binding.kind == "ClusterRoleBinding"
	binding.roleRef.kind == "Role"
}

_where(_, ref) := "is not in the input and is not a built-in ClusterRole" if ref.kind == "ClusterRole"

_where(binding, ref) := sprintf("is not defined in %v in the input", [selectors.namespace_text(binding)]) if ref.kind == "Role"

_exists(_, ref) if {
	ref.kind == "ClusterRole"
	_builtin_cluster_role(ref.name)
}

_exists(_, ref) if {
	ref.kind == "ClusterRole"
	some role in selectors.objects_of_kind("ClusterRole")
	k8s.name(role) == ref.name
}

_exists(binding, ref) if {
	ref.kind == "Role"
	some role in selectors.of_kind_in("Role", k8s.namespace(binding))
	k8s.name(role) == ref.name
}

_exists(binding, ref) if {
	ref.kind == "Role"
	_builtin_role(k8s.namespace(binding), ref.name)
}

_builtin_cluster_role(name) if name in {"cluster-admin", "admin", "edit", "view"}

_builtin_cluster_role(name) if startswith(name, "system:")

_builtin_role("kube-system", "extension-apiserver-authentication-reader")

_builtin_role(namespace, name) if {
	namespace in {"kube-system", "kube-public"}
	startswith(name, "system:")
}
