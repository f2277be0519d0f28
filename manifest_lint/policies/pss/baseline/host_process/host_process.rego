# METADATA
# title: Windows HostProcess containers
# description: |
#   Windows HostProcess containers run directly on the host with its full access. Pod Security
#   Standards Baseline forbids securityContext.windowsOptions.hostProcess: true at pod level and on
#   every container, init and ephemeral ones included.
# scope: package
# custom:
#   id: pss-host-process
#   severity: critical
#   pss: baseline
#   kinds: [workloads]
#   remediation: Remove securityContext.windowsOptions.hostProcess (pod and containers) or set it to false.
package pss.baseline.host_process

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(pod.object, null, detail) if {
	some pod in k8s.pods
	pod.security_context.windowsOptions.hostProcess == true
	detail := sprintf("%s is true", [k8s.pod_path(pod.object, "spec.securityContext.windowsOptions.hostProcess")])
}

_violations contains findings.problem(c.object, c.name, "securityContext.windowsOptions.hostProcess is true") if {
	some g in k8s.container_groups
	g.security_context.windowsOptions.hostProcess == true
	some c in g.members
}
