package availability.rollout_progress_test

import data.availability.rollout_progress

_deploy(rolling) := {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": rolling}}}

test_both_zero_denied if {
	some f in rollout_progress.deny with input as _deploy({"maxSurge": 0, "maxUnavailable": "0%"})
	f.rule_id == "avail-rollout-progress"
	contains(f.msg, "spec.strategy.rollingUpdate.maxSurge and maxUnavailable are both 0")
}

test_daemonset_default_surge_denied if {
	doc := {"kind": "DaemonSet", "metadata": {"name": "ds"}, "spec": {"updateStrategy": {"rollingUpdate": {"maxUnavailable": 0}}}}
	count(rollout_progress.deny) == 1 with input as doc
}

test_one_zero_allowed if {
	count(rollout_progress.deny) == 0 with input as _deploy({"maxUnavailable": 0})
	count(rollout_progress.deny) == 0 with input as {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {}}
}
