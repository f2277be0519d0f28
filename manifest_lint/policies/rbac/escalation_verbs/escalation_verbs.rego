# METADATA
# title: No escalate, bind or impersonate
# description: |
#   escalate and bind let a subject grant itself permissions it does not hold; impersonate
#   lets it act as any user, group or service account. (kube-linter, Kubescape, checkov.)
# scope: package
# custom:
#   id: rbac-escalation-verbs
#   severity: high
#   kinds: [Role, ClusterRole]
#   remediation: Remove the escalate, bind and impersonate verbs.
package rbac.escalation_verbs

import data.lib.findings
import data.lib.kubernetes as k8s

deny := findings.unwaived(rego.metadata.chain(), _violations)

warn := findings.waived(rego.metadata.chain(), _violations)

# _rules is every policy rule of a Role or ClusterRole, with its index for messages.
_rules contains [obj, i, rule] if {
	some obj in k8s.objects
	obj.kind in {"Role", "ClusterRole"}
	startswith(obj.apiVersion, "rbac.authorization.k8s.io/")
	some i, rule in object.get(obj, "rules", [])
}

_violations contains findings.problem(obj, null, msg) if {
	some [obj, i, rule] in _rules
	some verb in object.get(rule, "verbs", [])
	verb in {"escalate", "bind", "impersonate"}
	msg := sprintf("rules[%d].verbs includes %q (on %v)", [i, verb, object.get(rule, "resources", [])])
}
