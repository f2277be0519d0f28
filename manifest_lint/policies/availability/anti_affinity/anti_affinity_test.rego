package availability.anti_affinity_test

import data.availability.anti_affinity

_deploy(replicas, spec) := {"kind": "Deployment", "metadata": {"name": "web"}, "spec": {"replicas": replicas, "template": {"spec": object.union({"containers": [{"name": "a"}]}, spec)}}}

test_no_spread_denied if {
	some f in anti_affinity.deny with input as _deploy(3, {})
	f.rule_id == "avail-anti-affinity"
	contains(f.msg, "spec.template.spec.affinity.podAntiAffinity and spec.template.spec.topologySpreadConstraints are not set")
}

test_single_replica_ignored if {
	count(anti_affinity.deny) == 0 with input as _deploy(1, {})
}

test_spread_allowed if {
	tsc := [{"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "ScheduleAnyway"}]
	count(anti_affinity.deny) == 0 with input as _deploy(3, {"topologySpreadConstraints": tsc})
	count(anti_affinity.deny) == 0 with input as _deploy(3, {"affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": []}}})
}
