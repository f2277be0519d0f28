package resources.max_limits_test

import data.resources.max_limits

_pod := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "resources": {"limits": {"memory": "16Gi", "cpu": "2"}}}]}}

test_unconfigured_allowed if {
	count(max_limits.deny) == 0 with input as _pod
}

test_above_max_denied if {
	some f in max_limits.deny with input as _pod with data.lint_config.max_resources as {"memory": "8Gi", "cpu": 4}
	f.rule_id == "res-max-limits"
	f.container == "app"
	contains(f.msg, "resources.limits.memory 16Gi is above the maximum 8Gi")
	count(max_limits.deny) == 1 with input as _pod with data.lint_config.max_resources as {"memory": "8Gi", "cpu": 4}
}
