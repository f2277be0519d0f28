# METADATA
# title: No NodePort Services
# description: |
#   A NodePort Service opens the port on every node, bypassing the ingress layer and most
#   firewalls' expectations. (kube-linter, Kubescape, Gatekeeper
#   block-nodeport-services.)
# scope: package
# custom:
#   id: net-nodeport
#   severity: medium
#   kinds: [Service]
#   remediation: Use a ClusterIP Service behind an Ingress or Gateway, or a LoadBalancer with declared intent.
package networking.nodeport

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(obj, null, `spec.type is "NodePort"`) if {
	some obj in k8s.objects_of("Service")
	obj.spec.type == "NodePort"
}
