# METADATA
# title: Capabilities (Restricted)
# description: |
#   Pod Security Standards Restricted requires every container (init and ephemeral ones included)
#   to drop ALL capabilities (securityContext.capabilities.drop contains "ALL") and to add back at
#   most NET_BIND_SERVICE. Names are matched exactly, as upstream does. Pods with
#   spec.os.name: windows are exempt (Kubernetes 1.25 and later).
# scope: package
# custom:
#   id: pss-capabilities-restricted
#   severity: medium
#   pss: restricted
#   kinds: [workloads]
#   remediation: Set securityContext.capabilities.drop to ["ALL"] and add back only NET_BIND_SERVICE if the container binds a low port.
package pss.restricted.capabilities_restricted

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, detail) if {
	some g in k8s.container_groups
	not g.windows
	not _drops_all(g.container)
	detail := sprintf(`securityContext.capabilities.drop is %s, it must contain "ALL"`, [_shown(_capabilities(g.container, "drop"))])
	some c in g.members
}

_violations contains findings.problem(c.object, c.name, detail) if {
	some g in k8s.container_groups
	not g.windows
	some capability in _capabilities(g.container, "add")
	capability != "NET_BIND_SERVICE"
	detail := sprintf("securityContext.capabilities.add contains %q (allowed: NET_BIND_SERVICE)", [capability])
	some c in g.members
}

_drops_all(container) if "ALL" in _capabilities(container, "drop")

_capabilities(container, field) := list if {
	list := object.get(k8s.security_context(container), ["capabilities", field], [])
	is_array(list)
} else := []

_shown([]) := "not set"

_shown(list) := json.marshal(list) if count(list) > 0
