package rbac.anonymous_subjects_test

import data.rbac.anonymous_subjects

_binding(subjects) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "b", "namespace": "ns"},
	"roleRef": {"kind": "Role", "name": "reader"}, "subjects": subjects,
}

test_unauthenticated_denied if {
	some f in anonymous_subjects.deny with input as _binding([{"kind": "Group", "name": "system:unauthenticated"}])
	f.rule_id == "rbac-anonymous-subject"
	f.msg == `rbac-anonymous-subject: RoleBinding/ns/b: subjects has Group "system:unauthenticated" (roleRef Role "reader")`
}

test_named_user_allowed if {
	count(anonymous_subjects.deny) == 0 with input as _binding([{"kind": "User", "name": "alice"}])
}
