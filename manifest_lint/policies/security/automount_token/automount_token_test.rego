package security.automount_token_test

import data.security.automount_token

test_pod_true_denied if {
	doc := {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {"automountServiceAccountToken": true, "containers": [{"name": "a"}]}}}}
	some f in automount_token.deny with input as doc
	f.rule_id == "sec-automount-sa-token"
	f.container == null
	contains(f.msg, "spec.template.spec.automountServiceAccountToken is true")
}

test_pod_unset_allowed if {
	doc := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]}}
	count(automount_token.deny) == 0 with input as doc
}

test_service_account_unset_denied if {
	some f in automount_token.deny with input as {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "sa"}}
	contains(f.msg, "automountServiceAccountToken is not set, want false")
}

test_service_account_false_allowed if {
	count(automount_token.deny) == 0 with input as {"kind": "ServiceAccount", "metadata": {"name": "sa"}, "automountServiceAccountToken": false}
}
