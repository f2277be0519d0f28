package pss.baseline.privileged_test

import data.pss.baseline.privileged

_deployment(security_context) := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"template": {"spec": {"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": security_context}]}}},
}

test_privileged_container_denied if {
	some f in privileged.deny with input as _deployment({"privileged": true})
	f.rule_id == "pss-privileged"
	f.container == "app"
	f.msg == `pss-privileged: Deployment/shop/web container "app": securityContext.privileged is true`
}

test_unprivileged_container_allowed if {
	count(privileged.deny) == 0 with input as _deployment({"privileged": false})
}

test_privileged_init_container_in_list_denied if {
	pod := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"initContainers": [{"name": "init", "securityContext": {"privileged": true}}]}}
	count(privileged.deny) == 1 with input as {"kind": "List", "items": [pod]}
}

test_waiver_with_reason_moves_finding_to_warn if {
	doc := json.patch(_deployment({"privileged": true}), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-pss-privileged": "CNI agent needs it; container=app"},
	}])
	count(privileged.deny) == 0 with input as doc
	some f in privileged.warn with input as doc
	f.waived == true
	f.waiver_reason == "CNI agent needs it"
}

test_expired_waiver_does_not_apply if {
	doc := json.patch(_deployment({"privileged": true}), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-pss-privileged": "temporary; expires=2020-01-01"},
	}])
	count(privileged.deny) == 1 with input as doc
}

test_nameless_container_still_denied if {
	pod := {"kind": "Pod", "metadata": {"name": "p", "namespace": "shop"}, "spec": {
		"containers": [{"name": "app"}, {"image": "x", "securityContext": {"privileged": true}}],
		"initContainers": [{"name": "", "securityContext": {"privileged": true}}],
	}}
	{[f.container, f.msg] | some f in privileged.deny} == {
		["containers[1]", `pss-privileged: Pod/shop/p container "containers[1]": securityContext.privileged is true`],
		["initContainers[0]", `pss-privileged: Pod/shop/p container "initContainers[0]": securityContext.privileged is true`],
	} with input as pod
}
