package resources.cpu_limit_test

import data.resources.cpu_limit

_deploy(resources) := {"kind": "Deployment", "metadata": {"name": "d", "namespace": "ns"}, "spec": {"template": {"spec": {
	"initContainers": [{"name": "init", "resources": {"requests": {"cpu": "1"}, "limits": {"cpu": "1"}}}],
	"containers": [{"name": "app", "resources": resources}],
}}}}

test_missing_denied if {
	some f in cpu_limit.deny with input as _deploy({})
	f.rule_id == "res-cpu-limit"
	f.container == "app"
	f.msg == `res-cpu-limit: Deployment/ns/d container "app": resources.limits.cpu is not set`
	count(cpu_limit.deny) == 1 with input as _deploy({})
}

test_set_allowed if {
	count(cpu_limit.deny) == 0 with input as _deploy({"limits": {"cpu": "100"}})
}

test_numeric_allowed if {
	count(cpu_limit.deny) == 0 with input as _deploy({"limits": {"cpu": 1}})
}

test_other_kind_ignored if {
	count(cpu_limit.deny) == 0 with input as {"kind": "Service", "metadata": {"name": "s"}, "spec": {}}
}

test_nameless_container_still_denied if {
	doc := {"kind": "Deployment", "metadata": {"name": "d", "namespace": "ns"}, "spec": {"template": {"spec": {"containers": [{"image": "x"}]}}}}
	some f in cpu_limit.deny with input as doc
	f.container == "containers[0]"
	f.msg == `res-cpu-limit: Deployment/ns/d container "containers[0]": resources.limits.cpu is not set`
}
