package availability.cronjob_deadline_test

import data.availability.cronjob_deadline

_cron(spec) := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"}, "spec": spec}

test_unset_denied if {
	some f in cronjob_deadline.deny with input as _cron({})
	f.rule_id == "avail-cronjob-deadline"
	contains(f.msg, "spec.startingDeadlineSeconds is not set")
}

test_set_allowed if {
	count(cronjob_deadline.deny) == 0 with input as _cron({"startingDeadlineSeconds": 300})
}
