# METADATA
# title: Running as non-root
# description: |
#   Pod Security Standards Restricted requires containers to run as non-root users:
#   spec.securityContext.runAsNonRoot must be true, or every container (init and ephemeral ones
#   included) must set securityContext.runAsNonRoot: true, and neither the pod nor any container
#   may set it to false. Pods in a user namespace (spec.hostUsers: false) are exempt (Kubernetes
#   1.35 and later). Windows pods are not exempt from this control upstream.
# scope: package
# custom:
#   id: pss-run-as-non-root
#   severity: medium
#   pss: restricted
#   kinds: [workloads]
#   remediation: Set spec.securityContext.runAsNonRoot to true and remove runAsNonRoot false from containers.
package pss.restricted.run_as_non_root

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

# The pod explicitly sets runAsNonRoot to false.
_violations contains findings.problem(pod.object, null, detail) if {
	some pod in k8s.pods
	not pod.user_namespace
	pod.security_context.runAsNonRoot == false
	detail := sprintf("%s is false (must be true)", [k8s.pod_path(pod.object, "spec.securityContext.runAsNonRoot")])
}

# A container explicitly sets runAsNonRoot to false, whatever the pod sets.
_violations contains findings.problem(c.object, c.name, "securityContext.runAsNonRoot is false (must be true)") if {
	some g in k8s.container_groups
	not g.user_namespace
	g.security_context.runAsNonRoot == false
	some c in g.members
}

# A container leaves runAsNonRoot out and the pod leaves it out too, so nothing requires non-root:
# its effective runAsNonRoot is unset. (When the pod sets false, the container inherits false and
# the pod-level finding above already covers it, once.)
_violations contains findings.problem(c.object, c.name, detail) if {
	some g in k8s.container_groups
	not g.user_namespace
	not _is_set(g.effective_security_context)
	some c in g.members
	pod_field := k8s.pod_path(c.object, "spec.securityContext.runAsNonRoot")
	detail := sprintf("securityContext.runAsNonRoot is not set and neither is %s (one must be true)", [pod_field])
}

_is_set(security_context) if is_boolean(security_context.runAsNonRoot)
