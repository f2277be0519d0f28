package availability.priority_class_test

import data.availability.priority_class

_deploy(spec) := {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": object.union({"containers": [{"name": "a"}]}, spec)}}}

test_off_by_default if {
	count(priority_class.deny) == 0 with input as _deploy({})
}

test_unset_denied if {
	some f in priority_class.deny with input as _deploy({}) with data.lint_config.require_priority_class as true
	f.rule_id == "avail-priority-class"
	contains(f.msg, "spec.template.spec.priorityClassName is not set")
}

test_set_allowed if {
	count(priority_class.deny) == 0 with input as _deploy({"priorityClassName": "business-critical"}) with data.lint_config.require_priority_class as true
}
