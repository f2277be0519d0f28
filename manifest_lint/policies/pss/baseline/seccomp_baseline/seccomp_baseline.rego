# METADATA
# title: Seccomp profile overrides
# description: |
#   Pod Security Standards Baseline (Kubernetes 1.19 and later) forbids disabling seccomp: when
#   spec.securityContext.seccompProfile or a container's securityContext.seccompProfile is set,
#   its type must be RuntimeDefault or Localhost (Unconfined, or a profile without a type, is
#   forbidden). Leaving it out is allowed here; Restricted requires it (pss-seccomp-restricted).
#   Every container is checked, init and ephemeral ones included; Windows pods are not exempt.
# scope: package
# custom:
#   id: pss-seccomp-baseline
#   severity: high
#   pss: baseline
#   restricted_replaced_by: pss-seccomp-restricted
#   kinds: [workloads]
#   remediation: Set seccompProfile.type to RuntimeDefault or Localhost, or remove the seccompProfile.
package pss.baseline.seccomp_baseline

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_allowed_types := {"RuntimeDefault", "Localhost"}

_violations contains findings.problem(pod.object, null, detail) if {
	some pod in k8s.pods
	profile := pod.security_context.seccompProfile
	is_object(profile)
	not object.get(profile, "type", "") in _allowed_types
	detail := sprintf("%s is %q (allowed: Localhost, RuntimeDefault)", [
		k8s.pod_path(pod.object, "spec.securityContext.seccompProfile.type"),
		object.get(profile, "type", ""),
	])
}

_violations contains findings.problem(c.object, c.name, detail) if {
	some g in k8s.container_groups
	profile := g.security_context.seccompProfile
	is_object(profile)
	not object.get(profile, "type", "") in _allowed_types
	detail := sprintf("securityContext.seccompProfile.type is %q (allowed: Localhost, RuntimeDefault)", [object.get(profile, "type", "")])
	some c in g.members
}
