# METADATA
# title: Drop NET_RAW
# description: |
#   NET_RAW lets a container craft raw packets (ARP and DNS spoofing inside the node).
#   Containers should drop it, or drop ALL. (kube-linter, checkov CKV_K8S_28, Kyverno.)
# scope: package
# custom:
#   id: sec-drop-net-raw
#   severity: medium
#   kinds: [workloads]
#   remediation: Add ALL (or at least NET_RAW) to securityContext.capabilities.drop.
package security.drop_net_raw

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, msg) if {
	some g in k8s.container_groups
	not _drops_net_raw(g.container)
	drop := object.get(g.security_context, ["capabilities", "drop"], [])
	msg := sprintf("securityContext.capabilities.drop is %v, want it to include ALL or NET_RAW", [drop])
	some c in g.members
}

_drops_net_raw(container) if {
	some cap in k8s.security_context(container).capabilities.drop
	upper(trim_prefix(upper(cap), "CAP_")) in {"ALL", "NET_RAW"}
}
