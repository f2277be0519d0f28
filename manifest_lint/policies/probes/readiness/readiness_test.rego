package probes.readiness_test

import data.probes.readiness

_deploy(container) := {"kind": "Deployment", "metadata": {"name": "d", "namespace": "ns"}, "spec": {"template": {"spec": {
	"initContainers": [{"name": "init"}],
	"containers": [container],
}}}}

test_missing_denied if {
	some f in readiness.deny with input as _deploy({"name": "app"})
	f.rule_id == "probe-readiness"
	f.container == "app"
	f.msg == `probe-readiness: Deployment/ns/d container "app": readinessProbe is not set`
	count(readiness.deny) == 1 with input as _deploy({"name": "app"})
}

test_present_allowed if {
	count(readiness.deny) == 0 with input as _deploy({"name": "app", "readinessProbe": {"tcpSocket": {"port": 80}}})
}

test_job_exempt if {
	doc := {"kind": "Job", "metadata": {"name": "j"}, "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "app"}]}}}}
	count(readiness.deny) == 0 with input as doc
}

test_run_once_pod_exempt if {
	doc := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"restartPolicy": "OnFailure", "containers": [{"name": "app"}]}}
	count(readiness.deny) == 0 with input as doc
}
