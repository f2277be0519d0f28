package cross.hpa_target_test

import data.cross.hpa_target

_combined(docs) := [{"path": "manifests.yaml", "contents": doc} | some doc in docs]

_deployment := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"template": {"metadata": {"labels": {"app": "web"}}}},
}

_hpa(ref) := {
	"apiVersion": "autoscaling/v2",
	"kind": "HorizontalPodAutoscaler",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"scaleTargetRef": ref, "minReplicas": 2, "maxReplicas": 5},
}

test_existing_target_allowed if {
	docs := [_deployment, _hpa({"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"})]
	count(hpa_target.deny) == 0 with input as _combined(docs)
}

test_target_without_api_version_allowed if {
	docs := [_deployment, _hpa({"kind": "Deployment", "name": "web"})]
	count(hpa_target.deny) == 0 with input as _combined(docs)
}

test_missing_target_denied if {
	docs := [_deployment, _hpa({"apiVersion": "apps/v1", "kind": "Deployment", "name": "api"})]
	some f in hpa_target.deny with input as _combined(docs)
	f.rule_id == "cross-hpa-target"
	f.kind == "HorizontalPodAutoscaler"
	f.msg == concat("", [
		`cross-hpa-target: HorizontalPodAutoscaler/shop/web: `,
		`scaleTargetRef Deployment "api" (apps/v1) matches no workload in namespace "shop"`,
	])
}

test_wrong_kind_denied if {
	docs := [_deployment, _hpa({"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "web"})]
	count(hpa_target.deny) == 1 with input as _combined(docs)
}

test_wrong_group_denied if {
	docs := [_deployment, _hpa({"apiVersion": "extensions/v1beta1", "kind": "Deployment", "name": "web"})]
	some f in hpa_target.deny with input as _combined(docs)
	contains(f.msg, `scaleTargetRef Deployment "web" (extensions/v1beta1) matches no workload`)
}

test_unscalable_kind_denied if {
	daemonset := json.patch(_deployment, [{"op": "replace", "path": "/kind", "value": "DaemonSet"}])
	docs := [daemonset, _hpa({"apiVersion": "apps/v1", "kind": "DaemonSet", "name": "web"})]
	count(hpa_target.deny) == 1 with input as _combined(docs)
	some f in hpa_target.deny with input as _combined(docs)
	contains(f.msg, `scaleTargetRef DaemonSet "web" (apps/v1) names a kind without a scale subresource`)
}

test_custom_resource_target_ignored if {
	docs := [_hpa({"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "name": "web"})]
	count(hpa_target.deny) == 0 with input as _combined(docs)
}

test_single_document_input_gives_nothing if {
	count(hpa_target.deny) == 0 with input as _hpa({"apiVersion": "apps/v1", "kind": "Deployment", "name": "api"})
}
