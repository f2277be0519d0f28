# METADATA
# title: High user and group IDs
# description: |
#   A container that runs as a low UID or GID may collide with a privileged user of the node
#   if it escapes. kube-score wants 10000 or more; this pack reads the minimum from
#   data.lint_config.min_uid (default 1000, since the reference app runs as 1001 by design).
#   The effective value is the container's runAsUser/runAsGroup, else the pod's; unset counts.
# scope: package
# custom:
#   id: sec-high-uid
#   severity: low
#   kinds: [workloads]
#   remediation: Set securityContext.runAsUser and runAsGroup to IDs at or above the configured minimum.
package security.high_uid

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

# data.lint_config is read by path (object.get(data, ...) would make every rule depend on itself).
default _min := 1000

_min := data.lint_config.min_uid

_violations contains findings.problem(c.object, c.name, msg) if {
	some g in k8s.container_groups
	some field in ["runAsUser", "runAsGroup"]
	not _high(g.effective_security_context, field)
	msg := sprintf("securityContext.%s is %v, want at least %v", [field, _effective(g.effective_security_context, field), _min])
	some c in g.members
}

_high(context, field) if {
	value := _effective(context, field)
	is_number(value)
	value >= _min
}

# The container's value, else the pod's (lib.kubernetes resolves the precedence).
_effective(context, field) := object.get(context, field, "not set")
