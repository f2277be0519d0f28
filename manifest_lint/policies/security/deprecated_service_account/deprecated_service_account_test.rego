package security.deprecated_service_account_test

import data.security.deprecated_service_account

test_field_denied if {
	doc := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"serviceAccount": "web", "containers": [{"name": "a"}]}}
	some f in deprecated_service_account.deny with input as doc
	f.rule_id == "sec-deprecated-service-account-field"
	f.container == null
	contains(f.msg, `spec.serviceAccount is set ("web")`)
}

test_name_allowed if {
	doc := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"serviceAccountName": "web", "containers": [{"name": "a"}]}}
	count(deprecated_service_account.deny) == 0 with input as doc
}
