# METADATA
# title: Seccomp profile required
# description: |
#   Pod Security Standards Restricted requires a seccomp profile of type RuntimeDefault or
#   Localhost: set spec.securityContext.seccompProfile, or set securityContext.seccompProfile on
#   every container (init and ephemeral ones included). A container may leave it out only when the
#   pod level sets an allowed type. Unconfined, or a profile without a type, is forbidden at either
#   level. Pods with spec.os.name: windows are exempt (Kubernetes 1.25 and later).
# scope: package
# custom:
#   id: pss-seccomp-restricted
#   severity: medium
#   pss: restricted
#   kinds: [workloads]
#   remediation: Set spec.securityContext.seccompProfile.type to RuntimeDefault (or Localhost with a localhostProfile).
package pss.restricted.seccomp_restricted

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_allowed_types := {"RuntimeDefault", "Localhost"}

# The pod sets a forbidden type.
_violations contains findings.problem(pod.object, null, detail) if {
	some pod in k8s.pods
	not pod.windows
	profile := pod.security_context.seccompProfile
	is_object(profile)
	not object.get(profile, "type", "") in _allowed_types
	detail := sprintf("%s is %q (allowed: Localhost, RuntimeDefault)", [
		k8s.pod_path(pod.object, "spec.securityContext.seccompProfile.type"),
		object.get(profile, "type", ""),
	])
}

# A container sets a forbidden type, whatever the pod sets.
_violations contains findings.problem(c.object, c.name, detail) if {
	some g in k8s.container_groups
	not g.windows
	profile := g.security_context.seccompProfile
	is_object(profile)
	not object.get(profile, "type", "") in _allowed_types
	detail := sprintf("securityContext.seccompProfile.type is %q (allowed: Localhost, RuntimeDefault)", [object.get(profile, "type", "")])
	some c in g.members
}

# A container leaves the profile out and so does the pod: its effective profile is unset. (When
# the pod sets a forbidden type, the container inherits it and the pod-level finding already
# covers it.)
_violations contains findings.problem(c.object, c.name, detail) if {
	some g in k8s.container_groups
	not g.windows
	not _has_profile(g.effective_security_context)
	some c in g.members
	pod_field := k8s.pod_path(c.object, "spec.securityContext.seccompProfile")
	detail := sprintf("securityContext.seccompProfile is not set and neither is %s (one must be set)", [pod_field])
}

_has_profile(security_context) if is_object(security_context.seccompProfile)
