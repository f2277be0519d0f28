package security.default_service_account_test

import data.security.default_service_account

_deploy(spec) := {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": object.union({"containers": [{"name": "a"}]}, spec)}}}

test_unset_denied if {
	some f in default_service_account.deny with input as _deploy({})
	f.rule_id == "sec-default-service-account"
	f.container == null
	contains(f.msg, "spec.template.spec.serviceAccountName is not set")
}

test_default_denied if {
	some f in default_service_account.deny with input as _deploy({"serviceAccountName": "default"})
	contains(f.msg, `is "default"`)
}

test_named_allowed if {
	count(default_service_account.deny) == 0 with input as _deploy({"serviceAccountName": "web"})
}

test_deprecated_field_counts if {
	count(default_service_account.deny) == 0 with input as _deploy({"serviceAccount": "web"})
}
