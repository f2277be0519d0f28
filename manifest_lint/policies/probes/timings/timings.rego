# METADATA
# title: Sane probe timings
# description: |
#   A probe whose timeoutSeconds is not below its periodSeconds overlaps with the next attempt;
#   thresholds and periods below 1 are invalid; liveness and startup probes must have
#   successThreshold 1. Defaults apply to unset fields (timeoutSeconds 1, periodSeconds 10).
#   (kube-score, Polaris, Kubescape.)
# scope: package
# custom:
#   id: probe-timings
#   severity: medium
#   kinds: [workloads]
#   remediation: Keep timeoutSeconds below periodSeconds, thresholds and periods at 1 or more, and successThreshold 1 on liveness and startup probes.
package probes.timings

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_probe_names := ["livenessProbe", "readinessProbe", "startupProbe"]

# _probes is each distinct container's probes (an array: a set would hash the groups' members).
_probes := [[g, name, probe] |
	some g in k8s.container_groups
	some name in _probe_names
	probe := g.container[name]
	is_object(probe)
]

_violations contains findings.problem(c.object, c.name, msg) if {
	some [g, name, probe] in _probes
	timeout := object.get(probe, "timeoutSeconds", 1)
	period := object.get(probe, "periodSeconds", 10)
	timeout >= period
	msg := sprintf("%s.timeoutSeconds %v is not below periodSeconds %v", [name, timeout, period])
	some c in g.members
}

_violations contains findings.problem(c.object, c.name, msg) if {
	some [g, name, probe] in _probes
	some field in ["failureThreshold", "successThreshold", "periodSeconds", "timeoutSeconds"]
	probe[field] < 1
	msg := sprintf("%s.%s is %v, want at least 1", [name, field, probe[field]])
	some c in g.members
}

_violations contains findings.problem(c.object, c.name, msg) if {
	some [g, name, probe] in _probes
	probe.initialDelaySeconds < 0
	msg := sprintf("%s.initialDelaySeconds is %v, want 0 or more", [name, probe.initialDelaySeconds])
	some c in g.members
}

_violations contains findings.problem(c.object, c.name, msg) if {
	some [g, name, probe] in _probes
	name in {"livenessProbe", "startupProbe"}
	probe.successThreshold != 1
	msg := sprintf("%s.successThreshold is %v, must be 1", [name, probe.successThreshold])
	some c in g.members
}
