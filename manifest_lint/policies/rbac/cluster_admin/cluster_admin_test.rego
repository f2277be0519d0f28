package rbac.cluster_admin_test

import data.rbac.cluster_admin

_binding(role) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "b"},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
	"subjects": [{"kind": "ServiceAccount", "name": "ci", "namespace": "ops"}],
}

test_cluster_admin_denied if {
	some f in cluster_admin.deny with input as _binding("cluster-admin")
	f.rule_id == "rbac-cluster-admin"
	f.msg == `rbac-cluster-admin: ClusterRoleBinding/-/b: roleRef is ClusterRole "cluster-admin", granted to ["ServiceAccount ci"]`
}

test_other_role_allowed if {
	count(cluster_admin.deny) == 0 with input as _binding("view")
}
