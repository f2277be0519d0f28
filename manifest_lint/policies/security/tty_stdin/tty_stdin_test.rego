package security.tty_stdin_test

import data.security.tty_stdin

_pod(container) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [container]}}

test_tty_denied if {
	some f in tty_stdin.deny with input as _pod({"name": "a", "tty": true, "stdin": true})
	f.rule_id == "sec-tty-stdin"
	f.container == "a"
	f.msg == "sec-tty-stdin: Pod/-/p container \"a\": tty is true"
	count(tty_stdin.deny) == 2 with input as _pod({"name": "a", "tty": true, "stdin": true})
}

test_plain_allowed if {
	count(tty_stdin.deny) == 0 with input as _pod({"name": "a", "tty": false})
}
