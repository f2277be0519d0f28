package probes.timings_test

import data.probes.timings

_pod(probe) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "livenessProbe": probe}]}}

test_timeout_not_below_period_denied if {
	some f in timings.deny with input as _pod({"tcpSocket": {"port": 80}, "timeoutSeconds": 10})
	f.rule_id == "probe-timings"
	f.container == "app"
	contains(f.msg, "livenessProbe.timeoutSeconds 10 is not below periodSeconds 10")
}

test_zero_failure_threshold_denied if {
	some f in timings.deny with input as _pod({"tcpSocket": {"port": 80}, "failureThreshold": 0})
	contains(f.msg, "livenessProbe.failureThreshold is 0, want at least 1")
}

test_liveness_success_threshold_denied if {
	some f in timings.deny with input as _pod({"tcpSocket": {"port": 80}, "successThreshold": 3})
	contains(f.msg, "successThreshold is 3, must be 1")
}

test_sane_allowed if {
	probe := {"httpGet": {"port": 80}, "timeoutSeconds": 2, "periodSeconds": 5, "failureThreshold": 3, "initialDelaySeconds": 0}
	count(timings.deny) == 0 with input as _pod(probe)
}
