# METADATA
# title: AuthorizationPolicy does not allow everyone
# description: |
#   An Istio AuthorizationPolicy whose action is ALLOW (the default) with a rule that names no
#   source and no condition allows requests from anyone: a rule without `from` and `when` (the
#   empty rule {} allows every request; one with only `to` every caller on those ports), or a
#   `from` entry whose source is empty or only wildcards ("*" principals, namespaces or request
#   principals: any workload of the mesh). Once one ALLOW policy selects a workload, every
#   request it does not allow is denied, so an allow-everyone rule undoes the policy. A policy
#   without rules allows nothing (deny all) and is fine. (Istio security best practices:
#   "use ALLOW-with-positive-matching"; the allow-all policy in Istio's docs is a debugging aid.)
# scope: package
# custom:
#   id: mesh-authz-allow-all
#   severity: high
#   kinds: [AuthorizationPolicy]
#   remediation: Name the callers in each rule's from.source (namespaces or principals) and the ports in to.operation.
package mesh.authz_allow_all

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_policies contains obj if {
	some obj in k8s.objects_of("AuthorizationPolicy")
	startswith(object.get(obj, "apiVersion", ""), "security.istio.io/")
	object.get(obj, ["spec", "action"], "ALLOW") == "ALLOW"
	not obj.spec.provider
}

_violations contains findings.problem(obj, null, detail) if {
	some obj in _policies
	some i, rule in obj.spec.rules
	_any_source(rule)
	detail := sprintf("spec.rules[%d] %v allows requests from any source%v", [i, rule, _scope(rule)])
}

# A rule allows any source when it has no condition and no from, or a from entry that restricts nothing.
_any_source(rule) if {
	not _has(rule, "when")
	not _has(rule, "from")
}

_any_source(rule) if {
	not _has(rule, "when")
	some entry in rule.from
	_open_source(object.get(entry, "source", {}))
}

_has(rule, key) if count(object.get(rule, key, [])) > 0

_open_source(source) if count(source) == 0

_open_source(source) if {
	count(source) > 0
	every key, values in source {
		key in {"principals", "namespaces", "requestPrincipals"}
		every value in values {
			value == "*"
		}
	}
}

_scope(rule) := ": every request" if not _has(rule, "to")

_scope(rule) := " to the operations of its `to`" if _has(rule, "to")
