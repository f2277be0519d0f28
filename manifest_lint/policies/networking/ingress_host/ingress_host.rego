# METADATA
# title: Ingress rules name a specific host
# description: |
#   An Ingress rule without a host (or with an empty one) catches every hostname that reaches
#   the controller, and a wildcard host catches a whole domain; both can shadow other teams'
#   Ingresses and serve the app on names nobody intended. (Kyverno disallow-empty-ingress-host,
#   Gatekeeper, Kubescape.)
# scope: package
# custom:
#   id: net-ingress-host
#   severity: medium
#   kinds: [Ingress]
#   remediation: Set spec.rules[].host to the exact hostname the app serves.
package networking.ingress_host

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_rules contains [obj, rule] if {
	some obj in k8s.objects_of("Ingress")
	regex.match(`^(networking\.k8s\.io|extensions)/`, obj.apiVersion)
	some rule in object.get(obj, ["spec", "rules"], [])
}

_violations contains findings.problem(obj, null, "spec.rules[].host is not set or empty") if {
	some [obj, rule] in _rules
	object.get(rule, "host", "") == ""
}

_violations contains findings.problem(obj, null, msg) if {
	some [obj, rule] in _rules
	contains(rule.host, "*")
	msg := sprintf("spec.rules[].host %q is a wildcard", [rule.host])
}
