package cross.binding_role_test

import data.cross.binding_role

_combined(docs) := [{"path": "manifests.yaml", "contents": doc} | some doc in docs]

_rbac(kind, name, namespace, body) := object.union(
	{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": object.union({"name": name}, _ns(namespace))},
	body,
)

_ns(null) := {}

_ns(namespace) := {"namespace": namespace} if namespace != null

_subjects := [{"kind": "ServiceAccount", "name": "web", "namespace": "shop"}]

_binding(kind, namespace, ref_kind, ref_name) := _rbac(kind, "web", namespace, {
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": ref_kind, "name": ref_name},
	"subjects": _subjects,
})

_role := _rbac("Role", "web", "shop", {"rules": [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get"]}]})

_cluster_role := _rbac("ClusterRole", "web-reader", null, {"rules": [{"apiGroups": [""], "resources": ["nodes"], "verbs": ["get"]}]})

test_defined_roles_allowed if {
	docs := [
		_role, _cluster_role,
		_binding("RoleBinding", "shop", "Role", "web"),
		_binding("RoleBinding", "shop", "ClusterRole", "web-reader"),
		_binding("ClusterRoleBinding", null, "ClusterRole", "web-reader"),
	]
	count(binding_role.deny) == 0 with input as _combined(docs)
}

test_missing_role_denied if {
	some f in binding_role.deny with input as _combined([_binding("RoleBinding", "shop", "Role", "web")])
	f.rule_id == "cross-binding-role"
	f.kind == "RoleBinding"
	f.msg == `cross-binding-role: RoleBinding/shop/web: roleRef Role "web" is not defined in namespace "shop" in the input, so the binding grants nothing (until a Role of that name appears)`
}

test_role_in_other_namespace_does_not_count if {
	elsewhere := json.patch(_role, [{"op": "replace", "path": "/metadata/namespace", "value": "other"}])
	count(binding_role.deny) == 1 with input as _combined([elsewhere, _binding("RoleBinding", "shop", "Role", "web")])

	# A ClusterRole of the name is no Role.
	cluster := json.patch(_cluster_role, [{"op": "replace", "path": "/metadata/name", "value": "web"}])
	count(binding_role.deny) == 1 with input as _combined([cluster, _binding("RoleBinding", "shop", "Role", "web")])
}

test_missing_cluster_role_denied if {
	some f in binding_role.deny with input as _combined([_binding("ClusterRoleBinding", null, "ClusterRole", "prometheus-operator")])
	f.msg == `cross-binding-role: ClusterRoleBinding/-/web: roleRef ClusterRole "prometheus-operator" is not in the input and is not a built-in ClusterRole, so the binding grants nothing (until a ClusterRole of that name appears)`
	count(binding_role.deny) == 1 with input as _combined([_binding("RoleBinding", "shop", "ClusterRole", "web-readr"), _cluster_role])
}

test_builtin_roles_exist if {
	docs := [
		_binding("RoleBinding", "shop", "ClusterRole", "view"),
		_binding("RoleBinding", "shop", "ClusterRole", "edit"),
		_binding("RoleBinding", "shop", "ClusterRole", "admin"),
		_binding("ClusterRoleBinding", null, "ClusterRole", "cluster-admin"),
		_binding("ClusterRoleBinding", null, "ClusterRole", "system:auth-delegator"),
		_binding("RoleBinding", "kube-system", "Role", "extension-apiserver-authentication-reader"),
		_binding("RoleBinding", "kube-system", "Role", "system::leader-locking-kube-scheduler"),
		_binding("RoleBinding", "kube-public", "Role", "system:controller:bootstrap-signer"),
	]
	every doc in docs {
		count(binding_role.deny) == 0 with input as _combined([doc])
	}

	# Built-in Roles exist only in their namespace; "view" is a ClusterRole, not a Role.
	count(binding_role.deny) == 1 with input as _combined([_binding("RoleBinding", "shop", "Role", "extension-apiserver-authentication-reader")])
	count(binding_role.deny) == 1 with input as _combined([_binding("RoleBinding", "shop", "Role", "view")])
}

test_cluster_role_binding_to_role_denied if {
	some f in binding_role.deny with input as _combined([_role, _binding("ClusterRoleBinding", null, "Role", "web")])
	f.msg == `cross-binding-role: ClusterRoleBinding/-/web: roleRef names Role "web", but a ClusterRoleBinding can only refer to a ClusterRole`
	count(binding_role.deny) == 1 with input as _combined([_role, _binding("ClusterRoleBinding", null, "Role", "web")])
}

test_single_document_input_gives_nothing if {
	count(binding_role.deny) == 0 with input as _binding("RoleBinding", "shop", "Role", "web")
}

test_waived if {
	binding := json.patch(_binding("ClusterRoleBinding", null, "ClusterRole", "prometheus-operator"), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-cross-binding-role": "ClusterRole installed by the kube-prometheus-stack release"},
	}])
	count(binding_role.deny) == 0 with input as _combined([binding])
	count(binding_role.warn) == 1 with input as _combined([binding])
}
