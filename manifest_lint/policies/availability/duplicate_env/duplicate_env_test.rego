package availability.duplicate_env_test

import data.availability.duplicate_env

_pod(env) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "env": env}]}}

test_duplicate_denied if {
	some f in duplicate_env.deny with input as _pod([{"name": "A", "value": "1"}, {"name": "B"}, {"name": "A", "value": "2"}])
	f.rule_id == "avail-duplicate-env"
	f.container == "app"
	contains(f.msg, `env "A" is set 2 times`)
}

test_unique_allowed if {
	count(duplicate_env.deny) == 0 with input as _pod([{"name": "A"}, {"name": "B"}])
}

test_nameless_container_still_denied if {
	pod := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"env": [{"name": "A"}, {"name": "A"}]}]}}
	some f in duplicate_env.deny with input as pod
	f.container == "containers[0]"
}
