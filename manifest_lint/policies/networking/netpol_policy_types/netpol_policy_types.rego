# METADATA
# title: NetworkPolicy declares policyTypes
# description: |
#   Without spec.policyTypes, a NetworkPolicy restricts egress only if it happens to have
#   egress rules, so a policy meant to deny all egress silently allows it. Declare the types.
#   (Kubescape, kube-linter.)
# scope: package
# custom:
#   id: net-netpol-policy-types
#   severity: low
#   kinds: [NetworkPolicy]
#   remediation: Set spec.policyTypes to [Ingress], [Egress] or [Ingress, Egress].
package networking.netpol_policy_types

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(obj, null, "spec.policyTypes is not set or empty") if {
	some obj in k8s.objects_of("NetworkPolicy")
	startswith(obj.apiVersion, "networking.k8s.io/")
	count(object.get(obj, ["spec", "policyTypes"], [])) == 0
}
