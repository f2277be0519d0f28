package probes.liveness_test

import data.probes.liveness

_deploy(container) := {"kind": "Deployment", "metadata": {"name": "d", "namespace": "ns"}, "spec": {"template": {"spec": {
	"initContainers": [{"name": "init"}],
	"containers": [container],
}}}}

test_missing_denied if {
	some f in liveness.deny with input as _deploy({"name": "app"})
	f.rule_id == "probe-liveness"
	f.container == "app"
	f.msg == `probe-liveness: Deployment/ns/d container "app": livenessProbe is not set`
	count(liveness.deny) == 1 with input as _deploy({"name": "app"})
}

test_present_allowed if {
	count(liveness.deny) == 0 with input as _deploy({"name": "app", "livenessProbe": {"tcpSocket": {"port": 80}}})
}

test_job_exempt if {
	doc := {"kind": "Job", "metadata": {"name": "j"}, "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "app"}]}}}}
	count(liveness.deny) == 0 with input as doc
}

test_run_once_pod_exempt if {
	doc := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"restartPolicy": "OnFailure", "containers": [{"name": "app"}]}}
	count(liveness.deny) == 0 with input as doc
}

test_nameless_container_still_denied if {
	some f in liveness.deny with input as _deploy({"image": "x"})
	f.container == "containers[0]"
	f.msg == `probe-liveness: Deployment/ns/d container "containers[0]": livenessProbe is not set`
	count(liveness.deny) == 1 with input as _deploy({"image": "x"})
}
