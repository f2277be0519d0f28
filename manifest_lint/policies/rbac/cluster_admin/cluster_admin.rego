# METADATA
# title: No cluster-admin bindings
# description: |
#   Binding the cluster-admin ClusterRole grants every permission on every resource (in a
#   RoleBinding, on everything in the namespace). (Kubescape, Gatekeeper,
#   kube-linter cluster-admin-role-binding.)
# scope: package
# custom:
#   id: rbac-cluster-admin
#   severity: critical
#   kinds: [ClusterRoleBinding, RoleBinding]
#   remediation: Bind a Role or ClusterRole that grants only the verbs and resources the subjects need.
package rbac.cluster_admin

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(obj, null, msg) if {
	some obj in k8s.objects_of_kinds({"ClusterRoleBinding", "RoleBinding"})
	startswith(obj.apiVersion, "rbac.authorization.k8s.io/")
	obj.roleRef.kind == "ClusterRole"
	obj.roleRef.name == "cluster-admin"
	subjects := [sprintf("%s %s", [s.kind, s.name]) | some s in object.get(obj, "subjects", [])]
	msg := sprintf("roleRef is ClusterRole \"cluster-admin\", granted to %v", [subjects])
}
