# METADATA
# title: No reading Secrets
# description: |
#   get, list or watch on secrets exposes every credential the role reaches (list and watch
#   return the values too). A rule grants it through resources secrets or *, in apiGroup "" or
#   *, with verb get, list, watch or *. (kube-linter access-to-secrets, Kubescape, checkov.)
# scope: package
# custom:
#   id: rbac-read-secrets
#   severity: high
#   kinds: [Role, ClusterRole]
#   remediation: Remove read access to secrets, or restrict it with resourceNames to the few Secrets needed and waive the rule with the reason.
package rbac.read_secrets

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
	resource in {"secrets", "*"}
	some verb in object.get(rule, "verbs", [])
	verb in {"get", "list", "watch", "*"}
	msg := sprintf("rules[%d] grants %q on %q", [i, verb, resource])
}
