package availability.rolling_update_test

import data.availability.rolling_update

test_recreate_denied if {
	doc := {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"strategy": {"type": "Recreate"}}}
	some f in rolling_update.deny with input as doc
	f.rule_id == "avail-rolling-update"
	contains(f.msg, `spec.strategy.type is "Recreate"`)
}

test_on_delete_denied if {
	doc := {"kind": "StatefulSet", "metadata": {"name": "s"}, "spec": {"updateStrategy": {"type": "OnDelete"}}}
	count(rolling_update.deny) == 1 with input as doc
}

test_default_allowed if {
	count(rolling_update.deny) == 0 with input as {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {}}
	count(rolling_update.deny) == 0 with input as {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"strategy": {"type": "RollingUpdate"}}}
}
