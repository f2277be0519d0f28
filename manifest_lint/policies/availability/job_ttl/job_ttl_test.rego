package availability.job_ttl_test

import data.availability.job_ttl

_job(spec) := {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": spec}

test_unset_denied if {
	some f in job_ttl.deny with input as _job({})
	f.rule_id == "avail-job-ttl"
	contains(f.msg, "spec.ttlSecondsAfterFinished is not set")
}

test_set_allowed if {
	count(job_ttl.deny) == 0 with input as _job({"ttlSecondsAfterFinished": 0})
}
