package resources.ephemeral_storage_test

import data.resources.ephemeral_storage

_pod(resources) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "resources": resources}]}}

test_missing_limit_denied if {
	doc := _pod({"requests": {"ephemeral-storage": "1Gi"}})
	some f in ephemeral_storage.deny with input as doc
	f.rule_id == "res-ephemeral-storage"
	f.container == "app"
	contains(f.msg, "resources.limits.ephemeral-storage is not set")
	count(ephemeral_storage.deny) == 1 with input as doc
}

test_both_set_allowed if {
	doc := _pod({"requests": {"ephemeral-storage": "1Gi"}, "limits": {"ephemeral-storage": "2Gi"}})
	count(ephemeral_storage.deny) == 0 with input as doc
}
