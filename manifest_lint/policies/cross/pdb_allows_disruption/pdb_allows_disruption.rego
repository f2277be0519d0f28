# METADATA
# title: PodDisruptionBudget allows disruption
# description: |
#   A PodDisruptionBudget that allows no voluntary disruption of the workload it selects
#   blocks node drains and cluster upgrades. For every workload a PDB selects, the replica
#   count is the minReplicas of the HorizontalPodAutoscaler targeting it, else spec.replicas
#   (default 1; a bare Pod counts 1). minAvailable must then stay below the replica count and
#   maxUnavailable must be at least 1. Percentages are rounded up for both fields, as the
#   disruption controller does. Compared across all rendered documents
#   (`conftest test --combine`). DaemonSets, Jobs and CronJobs, whose pod count is not a
#   replica count, are not checked.
# scope: package
# custom:
#   id: cross-pdb-allows-disruption
#   severity: high
#   kinds: [PodDisruptionBudget]
#   combine: true
#   remediation: Use maxUnavailable (1 or a percentage), or a minAvailable below the workload's replica count.
package cross.pdb_allows_disruption

import data.lib.findings
import data.lib.kubernetes as k8s
import data.lib.selectors

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

# The disruption controller reads maxUnavailable when it is set, and minAvailable only otherwise.
_violations contains findings.problem(c.pdb, null, detail) if {
	some c in _selected
	_set(c.pdb, "maxUnavailable")
	value := c.pdb.spec.maxUnavailable
	_valid(value)
	_scaled(value, c.replicas) < 1
	detail := sprintf("maxUnavailable %s allows no voluntary disruption of the %s", [json.marshal(value), c.text])
}

_violations contains findings.problem(c.pdb, null, detail) if {
	some c in _selected
	not _set(c.pdb, "maxUnavailable")
	_set(c.pdb, "minAvailable")
	value := c.pdb.spec.minAvailable
	_valid(value)
	required := _scaled(value, c.replicas)
	required >= c.replicas
	args := [json.marshal(value), required, _rounding_text(value), c.text]
	detail := sprintf("minAvailable %s keeps %v%s of the %s available, so no voluntary disruption is allowed", args)
}

_violations contains findings.problem(c.pdb, null, detail) if {
	some c in _selected
	some field in ["maxUnavailable", "minAvailable"]
	_set(c.pdb, field)
	not _valid(c.pdb.spec[field])
	value := json.marshal(c.pdb.spec[field])
	detail := sprintf("%s %s is neither an integer nor a percentage, so no disruption is allowed", [field, value])
}

# _selected is every (PDB, workload) pair where the PDB selects the workload's pods, with the
# workload's replica count and a description of it for messages.
_selected contains {"pdb": pdb, "replicas": replicas, "text": text} if {
	some pdb in selectors.objects_of_kind("PodDisruptionBudget")
	some workload in selectors.selector_candidates(k8s.namespace(pdb), selectors.pdb_selector(pdb))
	workload.kind in (selectors.scalable_kinds | {"Pod"})
	selectors.pdb_selects(pdb, workload)
	[replicas, source] := _replicas(workload)
	is_number(replicas)
	replicas >= 1
	text := sprintf("%v replicas of %s %q (%s)", [replicas, workload.kind, k8s.name(workload), source])
}

_replicas(workload) := [1, "a bare Pod"] if workload.kind == "Pod"

_replicas(workload) := [n, "HorizontalPodAutoscaler minReplicas"] if {
	workload.kind != "Pod"
	n := selectors.hpa_min_replicas(workload)
}

_replicas(workload) := [selectors.spec_replicas(workload), _replicas_source(workload)] if {
	workload.kind != "Pod"
	not selectors.hpa_min_replicas(workload)
}

_replicas_source(workload) := "spec.replicas" if {
	is_number(workload.spec.replicas)
} else := "spec.replicas unset, default 1"

_set(pdb, field) if object.get(pdb, ["spec", field], null) != null

_valid(value) if is_number(value)

_valid(value) if {
	is_string(value)
	regex.match(`^[0-9]+%$`, value)
}

# _scaled is the number of pods a minAvailable or maxUnavailable value stands for. The disruption
# controller (getExpectedPodCount in pkg/controller/disruption) computes both fields with
# intstr.GetScaledValueFromIntOrPercent(value, expectedCount, true): roundUp is true for
# minAvailable AND for maxUnavailable, so a percentage becomes ceil(percent * replicas / 100).
# (maxUnavailable "10%" of 3 replicas is 1 pod, not 0; minAvailable "60%" of 2 replicas is 2.)
_scaled(value, _) := value if is_number(value)

_scaled(value, total) := ceil((to_number(trim_suffix(value, "%")) * total) / 100) if {
	is_string(value)
	endswith(value, "%")
}

_rounding_text(value) := " (rounded up)" if is_string(value)

_rounding_text(value) := "" if not is_string(value)
