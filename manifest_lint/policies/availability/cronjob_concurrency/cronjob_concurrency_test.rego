package availability.cronjob_concurrency_test

import data.availability.cronjob_concurrency

_cron(spec) := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"}, "spec": spec}

test_unset_denied if {
	some f in cronjob_concurrency.deny with input as _cron({})
	f.rule_id == "avail-cronjob-concurrency"
	contains(f.msg, "spec.concurrencyPolicy is not set (Allow)")
}

test_forbid_allowed if {
	count(cronjob_concurrency.deny) == 0 with input as _cron({"concurrencyPolicy": "Forbid"})
}
