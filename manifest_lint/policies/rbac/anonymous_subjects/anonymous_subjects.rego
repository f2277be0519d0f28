# METADATA
# title: No anonymous or unauthenticated subjects
# description: |
#   A binding to the user system:anonymous or the group system:unauthenticated grants its
#   role to anyone who can reach the API server. (Kubescape, Kyverno, Gatekeeper.)
# scope: package
# custom:
#   id: rbac-anonymous-subject
#   severity: critical
#   kinds: [ClusterRoleBinding, RoleBinding]
#   remediation: Remove the system:anonymous and system:unauthenticated subjects from the binding.
package rbac.anonymous_subjects

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(obj, null, msg) if {
	some obj in k8s.objects_of_kinds({"ClusterRoleBinding", "RoleBinding"})
	startswith(obj.apiVersion, "rbac.authorization.k8s.io/")
	some subject in object.get(obj, "subjects", [])
	subject.name in {"system:anonymous", "system:unauthenticated"}
	msg := sprintf("subjects has %s %q (roleRef %s %q)", [subject.kind, subject.name, obj.roleRef.kind, obj.roleRef.name])
}
