# METADATA
# title: Running as user 0
# description: |
#   Pod Security Standards Restricted forbids runAsUser: 0 in spec.securityContext and in the
#   securityContext of every container, init and ephemeral ones included (a pod-level 0 is
#   forbidden even when every container overrides it, as upstream). Leaving it out is allowed.
#   Pods in a user namespace (spec.hostUsers: false) are exempt (Kubernetes 1.35 and later).
#   Windows pods are not exempt from this control upstream.
# scope: package
# custom:
#   id: pss-run-as-user
#   severity: medium
#   pss: restricted
#   kinds: [workloads]
#   remediation: Set runAsUser to a non-zero UID, or leave it out and let runAsNonRoot enforce a non-root image user.
package pss.restricted.run_as_user

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(pod.object, null, detail) if {
	some pod in k8s.pods
	not pod.user_namespace
	pod.security_context.runAsUser == 0
	detail := sprintf("%s is 0 (must be non-zero or undefined)", [k8s.pod_path(pod.object, "spec.securityContext.runAsUser")])
}

_violations contains findings.problem(c.object, c.name, "securityContext.runAsUser is 0 (must be non-zero or undefined)") if {
	some g in k8s.container_groups
	not g.user_namespace
	g.security_context.runAsUser == 0
	some c in g.members
}
