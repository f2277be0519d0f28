package images.pull_policy_test

import data.images.pull_policy

_pod(container) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [container]}}

test_unset_denied if {
	some f in pull_policy.deny with input as _pod({"name": "app", "image": "nginx:1"})
	f.rule_id == "img-pull-policy"
	f.container == "app"
	contains(f.msg, "imagePullPolicy is not set")
}

test_never_denied if {
	count(pull_policy.deny) == 1 with input as _pod({"name": "app", "imagePullPolicy": "Never"})
}

test_explicit_allowed if {
	count(pull_policy.deny) == 0 with input as _pod({"name": "app", "imagePullPolicy": "IfNotPresent"})
	count(pull_policy.deny) == 0 with input as _pod({"name": "app", "imagePullPolicy": "Always"})
}
