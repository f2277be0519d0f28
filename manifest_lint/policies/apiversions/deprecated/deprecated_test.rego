package apiversions.deprecated_test

import data.apiversions.deprecated

_hpa(api) := {"apiVersion": api, "kind": "HorizontalPodAutoscaler", "metadata": {"name": "h"}, "spec": {}}

test_deprecated_denied if {
	some f in deprecated.deny with input as _hpa("autoscaling/v2beta2") with data.lint_config.kube_version as "1.24"
	f.rule_id == "api-deprecated-version"
	f.severity == "medium"
	contains(f.msg, `apiVersion "autoscaling/v2beta2" of HorizontalPodAutoscaler is deprecated since Kubernetes 1.23 and goes away in 1.26 (target 1.24); use autoscaling/v2`)
}

test_removed_is_not_deprecated if {
	count(deprecated.deny) == 0 with input as _hpa("autoscaling/v2beta2")
}

test_before_deprecation_allowed if {
	count(deprecated.deny) == 0 with input as _hpa("autoscaling/v2beta2") with data.lint_config.kube_version as "1.22"
}

test_endpoints_no_removal if {
	some f in deprecated.deny with input as {"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": "e"}}
	contains(f.msg, "has no removal scheduled yet")
}

test_current_allowed if {
	count(deprecated.deny) == 0 with input as _hpa("autoscaling/v2")
}
