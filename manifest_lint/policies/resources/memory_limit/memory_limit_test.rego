package resources.memory_limit_test

import data.resources.memory_limit

_deploy(resources) := {"kind": "Deployment", "metadata": {"name": "d", "namespace": "ns"}, "spec": {"template": {"spec": {
	"initContainers": [{"name": "init", "resources": {"requests": {"memory": "1"}, "limits": {"memory": "1"}}}],
	"containers": [{"name": "app", "resources": resources}],
}}}}

test_missing_denied if {
	some f in memory_limit.deny with input as _deploy({})
	f.rule_id == "res-memory-limit"
	f.container == "app"
	f.msg == `res-memory-limit: Deployment/ns/d container "app": resources.limits.memory is not set`
	count(memory_limit.deny) == 1 with input as _deploy({})
}

test_set_allowed if {
	count(memory_limit.deny) == 0 with input as _deploy({"limits": {"memory": "100"}})
}

test_numeric_allowed if {
	count(memory_limit.deny) == 0 with input as _deploy({"limits": {"memory": 1}})
}

test_other_kind_ignored if {
	count(memory_limit.deny) == 0 with input as {"kind": "Service", "metadata": {"name": "s"}, "spec": {}}
}
