package resources.cpu_request_test

import data.resources.cpu_request

_deploy(resources) := {"kind": "Deployment", "metadata": {"name": "d", "namespace": "ns"}, "spec": {"template": {"spec": {
	"initContainers": [{"name": "init", "resources": {"requests": {"cpu": "1"}, "limits": {"cpu": "1"}}}],
	"containers": [{"name": "app", "resources": resources}],
}}}}

test_missing_denied if {
	some f in cpu_request.deny with input as _deploy({})
	f.rule_id == "res-cpu-request"
	f.container == "app"
	f.msg == `res-cpu-request: Deployment/ns/d container "app": resources.requests.cpu is not set`
	count(cpu_request.deny) == 1 with input as _deploy({})
}

test_set_allowed if {
	count(cpu_request.deny) == 0 with input as _deploy({"requests": {"cpu": "100"}})
}

test_numeric_allowed if {
	count(cpu_request.deny) == 0 with input as _deploy({"requests": {"cpu": 1}})
}

test_other_kind_ignored if {
	count(cpu_request.deny) == 0 with input as {"kind": "Service", "metadata": {"name": "s"}, "spec": {}}
}
