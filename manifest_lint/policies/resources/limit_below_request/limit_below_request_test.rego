package resources.limit_below_request_test

import data.resources.limit_below_request

_pod(resources) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "resources": resources}]}}

test_memory_limit_below_denied if {
	doc := _pod({"requests": {"memory": "1Gi"}, "limits": {"memory": "512Mi"}})
	some f in limit_below_request.deny with input as doc
	f.rule_id == "res-limit-below-request"
	f.container == "app"
	contains(f.msg, "resources.limits.memory 512Mi is below resources.requests.memory 1Gi")
}

test_cpu_millis_below_denied if {
	count(limit_below_request.deny) == 1 with input as _pod({"requests": {"cpu": 1}, "limits": {"cpu": "500m"}})
}

test_equal_and_above_allowed if {
	doc := _pod({"requests": {"cpu": "250m", "memory": "1G"}, "limits": {"cpu": "0.25", "memory": "1Gi"}})
	count(limit_below_request.deny) == 0 with input as doc
}

test_only_request_allowed if {
	count(limit_below_request.deny) == 0 with input as _pod({"requests": {"cpu": "1"}})
}
