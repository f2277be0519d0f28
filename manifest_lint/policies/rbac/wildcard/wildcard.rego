# METADATA
# title: No wildcards in RBAC rules
# description: |
#   A "*" in a Role or ClusterRole rule's verbs, resources, apiGroups or nonResourceURLs grants
#   everything, including permissions added by future versions and CRDs. (kube-linter
#   wildcard-in-rules, checkov CKV_K8S_49, Kubescape, Gatekeeper.)
# scope: package
# custom:
#   id: rbac-wildcard
#   severity: high
#   kinds: [Role, ClusterRole]
#   remediation: List the exact verbs, resources and apiGroups the role needs.
package rbac.wildcard

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

_violations contains findings.problem(obj, null, msg) if {
	some [obj, i, rule] in _rules
	some field in ["verbs", "resources", "apiGroups", "nonResourceURLs"]
	"*" in object.get(rule, field, [])
	msg := sprintf("rules[%d].%s includes \"*\"", [i, field])
}
