# METADATA
# title: SELinux options
# description: |
#   Pod Security Standards Baseline (Kubernetes 1.31 and later) restricts seLinuxOptions at pod
#   level and on every container, init and ephemeral ones included: type must be empty,
#   container_t, container_init_t, container_kvm_t or container_engine_t, and user and role must be
#   empty.
# scope: package
# custom:
#   id: pss-selinux
#   severity: high
#   pss: baseline
#   kinds: [workloads]
#   remediation: Remove seLinuxOptions.user and .role, and use an allowed seLinuxOptions.type (or leave it out).
package pss.baseline.selinux

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_allowed_types := {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}

_violations contains findings.problem(pod.object, null, detail) if {
	some pod in k8s.pods
	options := pod.security_context.seLinuxOptions
	some problem in _problems(options)
	detail := concat("", [k8s.pod_path(pod.object, "spec.securityContext.seLinuxOptions."), problem])
}

_violations contains findings.problem(c.object, c.name, detail) if {
	some g in k8s.container_groups
	options := g.security_context.seLinuxOptions
	some problem in _problems(options)
	detail := concat("", ["securityContext.seLinuxOptions.", problem])
	some c in g.members
}

# _problems describes each forbidden field of one seLinuxOptions object, after its field name.
_problems(options) := _type_problem(options) | _set_problems(options) if is_object(options)

_type_problem(options) := {sprintf(`type is %q (allowed: "", container_engine_t, container_init_t, container_kvm_t, container_t)`, [value])} if {
	value := object.get(options, "type", "")
	not value in _allowed_types
} else := set()

_set_problems(options) := {sprintf("%s is %q (must be undefined or empty)", [field, value]) |
	some field in ["user", "role"]
	value := options[field]
	is_string(value)
	value != ""
}
