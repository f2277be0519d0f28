# METADATA
# title: No pods/exec or pods/attach
# description: |
#   pods/exec and pods/attach give a shell in any pod the role reaches, with that pod's
#   service account and secrets. A rule grants them through resources pods/exec, pods/attach,
#   pods/* or *, in apiGroup "" or *, with verb create, get or *. (Kubescape, Kyverno, checkov.)
# scope: package
# custom:
#   id: rbac-pod-exec
#   severity: high
#   kinds: [Role, ClusterRole]
#   remediation: Remove pods/exec and pods/attach; use ephemeral debug access granted just in time.
package rbac.pod_exec

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

# _rules is every policy rule of a Role or ClusterRole, with its index for messages.
_rules contains [obj, i, rule] if {
	some obj in k8s.objects_of_kinds({"Role", "ClusterRole"})
	startswith(obj.apiVersion, "rbac.authorization.k8s.io/")
	some i, rule in object.get(obj, "rules", [])
}

_core_group(rule) if {
	some group in object.get(rule, "apiGroups", [])
	group in {"", "*"}
}

_violations contains findings.problem(obj, null, msg) if {
	some [obj, i, rule] in _rules
	_core_group(rule)
	some resource in object.get(rule, "resources", [])
	resource in {"pods/exec", "pods/attach", "pods/*", "*"}
	some verb in object.get(rule, "verbs", [])
	verb in {"create", "get", "*"}
	msg := sprintf("rules[%d] grants %q on %q", [i, verb, resource])
}
