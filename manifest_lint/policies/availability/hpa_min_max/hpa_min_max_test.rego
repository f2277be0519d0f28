package availability.hpa_min_max_test

import data.availability.hpa_min_max

_hpa(spec) := {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "h"}, "spec": spec}

test_min_above_max_denied if {
	some f in hpa_min_max.deny with input as _hpa({"minReplicas": 5, "maxReplicas": 3})
	f.rule_id == "avail-hpa-min-max"
	contains(f.msg, "spec.minReplicas 5 is above spec.maxReplicas 3")
}

test_valid_allowed if {
	count(hpa_min_max.deny) == 0 with input as _hpa({"minReplicas": 2, "maxReplicas": 2})
	count(hpa_min_max.deny) == 0 with input as _hpa({"maxReplicas": 1})
}
