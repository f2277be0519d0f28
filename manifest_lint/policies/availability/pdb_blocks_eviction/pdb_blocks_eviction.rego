# METADATA
# title: PodDisruptionBudget allows evictions of operator, Job and unseen pods
# description: |
#   cross-pdb-allows-disruption judges a PodDisruptionBudget against the replica count of the
#   Deployments, StatefulSets, ReplicaSets, ReplicationControllers and bare Pods it selects, in
#   a combined run. This rule reports the budgets that allow no voluntary disruption where that
#   rule does not look:
#
#   * In a per-document run (`conftest test` without --combine), where the selected workloads
#     are out of sight: maxUnavailable 0 or "0%", or (without maxUnavailable) minAvailable
#     "100%", which block evictions whatever the replica count.
#   * Across all rendered documents (`conftest test --combine`), for a budget that selects none
#     of those workloads but the pods an operator creates from a custom resource
#     (lib.selectors operator_pods): the replica count is the resource's spec.replicas
#     (default 1; a Prometheus or PrometheusAgent with spec.shards above 1 is left out, as its
#     pod count depends on what the selector picks); maxUnavailable must come to at least 1 pod
#     and minAvailable must stay below the replica count (percentages rounded up, as the
#     disruption controller does); or Job and CronJob pods, with the values that block
#     whatever the count. DaemonSet pods are not checked: node drains and the cluster
#     autoscaler skip them. A budget selecting no pod at all is cross-pdb-selects'.
#
#   High, as cross-pdb-allows-disruption: a budget that allows no eviction blocks node drains
#   and cluster upgrades. (Polaris pdbDisruptionsIsZero, kube-linter pdb-max-unavailable and
#   pdb-min-available.)
# scope: package
# custom:
#   id: avail-pdb-blocks-eviction
#   severity: high
#   kinds: [PodDisruptionBudget]
#   combine: true
#   remediation: Use maxUnavailable (1 or a percentage), or a minAvailable below the number of pods the budget selects.
package availability.pdb_blocks_eviction

import data.lib.findings
import data.lib.kubernetes as k8s
import data.lib.selectors

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

# Per document: only the values that block evictions whatever the replica count.
_violations contains findings.problem(pdb, null, detail) if {
	not selectors.combined
	some pdb in k8s.objects_of("PodDisruptionBudget")
	[field, value] := _budget(pdb)
	_blocks_always(field, value)
	detail := sprintf("%v %v allows no voluntary disruption of any pod it selects", [field, json.marshal(value)])
}

_violations contains findings.problem(pdb, null, detail) if {
	some pdb in selectors.objects_of_kind("PodDisruptionBudget")
	selected := _selected(pdb)
	not _judged(selected)
	[field, value] := _budget(pdb)
	some source in selected
	source.kind in {"Job", "CronJob"}
	_blocks_always(field, value)
	detail := sprintf("%v %v allows no voluntary disruption of the pods of %v %q", [field, json.marshal(value), source.kind, k8s.name(source)])
}

_violations contains findings.problem(pdb, null, detail) if {
	some pdb in selectors.objects_of_kind("PodDisruptionBudget")
	selected := _selected(pdb)
	not _judged(selected)
	[field, value] := _budget(pdb)
	_valid(value)
	some source in selected
	selectors.operator_pod_spec(source)
	[replicas, origin] := _operator_replicas(source)
	text := sprintf("%v replicas of %v %q (%v)", [replicas, source.kind, k8s.name(source), origin])
	detail := _operator_detail(field, value, replicas, text)
}

_selected(pdb) := [source |
	some source in selectors.selector_candidates(k8s.namespace(pdb), selectors.pdb_selector(pdb))
	selectors.pdb_selects(pdb, source)
]

# The kinds cross-pdb-allows-disruption judges by their replica count.
_judged_kinds := selectors.scalable_kinds | {"Pod"}

_judged(selected) if {
	some source in selected
	source.kind in _judged_kinds
}

# _budget is the field the disruption controller reads: maxUnavailable when set, else minAvailable.
_budget(pdb) := ["maxUnavailable", pdb.spec.maxUnavailable] if {
	_set(pdb, "maxUnavailable")
} else := ["minAvailable", pdb.spec.minAvailable] if {
	_set(pdb, "minAvailable")
}

_set(pdb, field) if object.get(pdb, ["spec", field], null) != null

_blocks_always("maxUnavailable", value) if _percent_or_number(value) == 0

_blocks_always("minAvailable", value) if {
	is_string(value)
	_percent_or_number(value) >= 100
}

_percent_or_number(value) := value if is_number(value)

_percent_or_number(value) := to_number(trim_suffix(value, "%")) if _valid_percent(value)

_valid(value) if is_number(value)

_valid(value) if _valid_percent(value)

_valid_percent(value) if {
	is_string(value)
	regex.match(`^[0-9]+%$`, value)
}

_operator_replicas(source) := [n, "spec.replicas"] if {
	_single_shard(source)
	n := source.spec.replicas
	is_number(n)
	n >= 1
} else := [1, "spec.replicas unset, default 1"] if {
	_single_shard(source)
	object.get(source, ["spec", "replicas"], null) == null
}

_single_shard(source) if object.get(source, ["spec", "shards"], null) in {null, 1}

_operator_detail("maxUnavailable", value, replicas, text) := msg if {
	_scaled(value, replicas) < 1
	msg := sprintf("maxUnavailable %v allows no voluntary disruption of the %v", [json.marshal(value), text])
}

_operator_detail("minAvailable", value, replicas, text) := msg if {
	required := _scaled(value, replicas)
	required >= replicas
	msg := sprintf("minAvailable %v keeps %v of the %v available, so no voluntary disruption is allowed", [json.marshal(value), required, text])
}

# As the disruption controller: percentages of the replica count, rounded up for both fields.
_scaled(value, _) := value if is_number(value)

_scaled(value, total) := ceil((_percent_or_number(value) * total) / 100) if _valid_percent(value)
