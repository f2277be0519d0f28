package probes.identical_test

import data.probes.identical

_pod(liveness, readiness) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "livenessProbe": liveness, "readinessProbe": readiness}]}}

test_identical_denied if {
	probe := {"httpGet": {"path": "/healthz", "port": 8080}}
	some f in identical.deny with input as _pod(probe, object.union(probe, {"periodSeconds": 5}))
	f.rule_id == "probe-identical"
	f.container == "app"
	contains(f.msg, `same handler {"httpGet":{"path":"/healthz","port":8080}}`)
}

test_different_paths_allowed if {
	doc := _pod({"httpGet": {"path": "/livez", "port": 8080}}, {"httpGet": {"path": "/readyz", "port": 8080}})
	count(identical.deny) == 0 with input as doc
}
