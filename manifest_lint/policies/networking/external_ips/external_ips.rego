# METADATA
# title: No Service externalIPs
# description: |
#   spec.externalIPs lets whoever can create a Service intercept traffic to any IP
#   (CVE-2020-8554). (Gatekeeper externalip, Kubescape.)
# scope: package
# custom:
#   id: net-external-ips
#   severity: high
#   kinds: [Service]
#   remediation: Remove spec.externalIPs; use a LoadBalancer or an Ingress instead.
package networking.external_ips

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(obj, null, msg) if {
	some obj in k8s.objects_of("Service")
	count(object.get(obj, ["spec", "externalIPs"], [])) > 0
	msg := sprintf("spec.externalIPs is %v", [obj.spec.externalIPs])
}
