package mesh.subset_selects_pods_test

import data.mesh.subset_selects_pods

_combined(docs) := [{"path": "manifests.yaml", "contents": doc} | some doc in docs]

_deployment(slot) := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": sprintf("web-%v", [slot]), "namespace": "shop"},
	"spec": {"template": {"metadata": {"labels": {"app": "web", "slot": slot}}}},
}

_service := {
	"apiVersion": "v1",
	"kind": "Service",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]},
}

_rule(host, subsets) := {
	"apiVersion": "networking.istio.io/v1",
	"kind": "DestinationRule",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"host": host, "subsets": subsets},
}

_slots := [{"name": "blue", "labels": {"slot": "blue"}}, {"name": "green", "labels": {"slot": "green"}}]

test_subsets_of_both_slots_allowed if {
	docs := [_deployment("blue"), _deployment("green"), _service]
	count(subset_selects_pods.deny) == 0 with input as _combined(array.concat(docs, [_rule("web.shop.svc.cluster.local", _slots)]))
	count(subset_selects_pods.deny) == 0 with input as _combined(array.concat(docs, [_rule("web", _slots)]))
	count(subset_selects_pods.deny) == 0 with input as _combined(array.concat(docs, [_rule("web.shop", _slots)]))
}

test_subset_of_missing_slot_denied if {
	docs := [_deployment("blue"), _service, _rule("web.shop.svc.cluster.local", _slots)]
	some f in subset_selects_pods.deny with input as _combined(docs)
	f.rule_id == "mesh-subset-selects-pods"
	f.kind == "DestinationRule"
	f.msg == `mesh-subset-selects-pods: DestinationRule/shop/web: spec.subsets[1] "green": labels {"slot": "green"} select no pods of Service shop/web (selector {"app": "web"})`
	count(subset_selects_pods.deny) == 1 with input as _combined(docs)
}

test_service_selector_counts if {
	# The pods carry slot green, but not the Service's app label.
	other := json.patch(_deployment("green"), [{"op": "replace", "path": "/spec/template/metadata/labels/app", "value": "api"}])
	count(subset_selects_pods.deny) == 1 with input as _combined([_deployment("blue"), other, _service, _rule("web", _slots)])
}

test_unknown_or_external_hosts_not_checked if {
	count(subset_selects_pods.deny) == 0 with input as _combined([_deployment("blue"), _rule("web", _slots)])
	count(subset_selects_pods.deny) == 0 with input as _combined([_deployment("blue"), _service, _rule("api.example.com", _slots)])
	count(subset_selects_pods.deny) == 0 with input as _combined([_deployment("blue"), _service, _rule("*.shop.svc.cluster.local", _slots)])
	count(subset_selects_pods.deny) == 0 with input as _combined([_deployment("blue"), _service, _rule("web.other.svc.cluster.local", _slots)])
}

test_subset_without_labels_not_checked if {
	docs := [_deployment("blue"), _service, _rule("web", [{"name": "all"}, {"name": "empty", "labels": {}}])]
	count(subset_selects_pods.deny) == 0 with input as _combined(docs)
}

test_single_document_input_gives_nothing if {
	count(subset_selects_pods.deny) == 0 with input as _rule("web", _slots)
}

test_waived if {
	rule := json.patch(_rule("web", _slots), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-mesh-subset-selects-pods": "green is deployed next"},
	}])
	count(subset_selects_pods.deny) == 0 with input as _combined([_deployment("blue"), _service, rule])
	count(subset_selects_pods.warn) == 1 with input as _combined([_deployment("blue"), _service, rule])
}
