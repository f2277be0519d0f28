# METADATA
# title: AppArmor profile overrides
# description: |
#   Pod Security Standards Baseline forbids disabling or overriding the default AppArmor profile.
#   The fields spec.securityContext.appArmorProfile.type and securityContext.appArmorProfile.type
#   of every container (init and ephemeral ones included) must be RuntimeDefault or Localhost when
#   appArmorProfile is set (an appArmorProfile without a type is forbidden, as upstream). The
#   deprecated pod annotations container.apparmor.security.beta.kubernetes.io/<container> must be
#   empty, runtime/default or localhost/<profile>.
# scope: package
# custom:
#   id: pss-apparmor
#   severity: medium
#   pss: baseline
#   kinds: [workloads]
#   remediation: Set appArmorProfile.type to RuntimeDefault or Localhost (or leave it out), and remove unconfined AppArmor annotations.
package pss.baseline.apparmor

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_allowed_types := {"RuntimeDefault", "Localhost"}

_annotation_prefix := "container.apparmor.security.beta.kubernetes.io/"

_violations contains findings.problem(pod.object, null, detail) if {
	some pod in k8s.pods
	profile := pod.security_context.appArmorProfile
	is_object(profile)
	not object.get(profile, "type", "") in _allowed_types
	detail := sprintf("%s is %q (allowed: Localhost, RuntimeDefault)", [
		k8s.pod_path(pod.object, "spec.securityContext.appArmorProfile.type"),
		object.get(profile, "type", ""),
	])
}

_violations contains findings.problem(c.object, c.name, detail) if {
	some g in k8s.container_groups
	profile := g.security_context.appArmorProfile
	is_object(profile)
	not object.get(profile, "type", "") in _allowed_types
	detail := sprintf("securityContext.appArmorProfile.type is %q (allowed: Localhost, RuntimeDefault)", [object.get(profile, "type", "")])
	some c in g.members
}

_violations contains findings.problem(pod.object, null, detail) if {
	some pod in k8s.pods
	some key, value in object.get(pod.metadata, "annotations", {})
	startswith(key, _annotation_prefix)
	not _allowed_annotation_value(value)
	detail := sprintf("%s[%q] is %q (allowed: runtime/default, localhost/<profile> or empty)", [
		k8s.pod_path(pod.object, "metadata.annotations"),
		key,
		value,
	])
}

_allowed_annotation_value("")

_allowed_annotation_value("runtime/default")

_allowed_annotation_value(value) if startswith(value, "localhost/")
