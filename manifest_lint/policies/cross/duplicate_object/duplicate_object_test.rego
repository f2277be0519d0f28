package cross.duplicate_object_test

import data.cross.duplicate_object

_deployment(api_version, namespace, name) := {
	"apiVersion": api_version,
	"kind": "Deployment",
	"metadata": {"name": name, "namespace": namespace},
	"spec": {"replicas": 2},
}

test_same_object_in_two_files_denied if {
	a := _deployment("apps/v1", "shop", "web")
	b := json.patch(a, [{"op": "replace", "path": "/spec/replicas", "value": 3}])
	combined := [{"path": "a.yaml", "contents": a}, {"path": "b.yaml", "contents": b}]

	# The copies have the same kind, namespace, name and message: one finding (manifest-lint tags each
	# object with its document, which makes one finding per copy; see test_tagged_copies_give_a_finding_each).
	findings := duplicate_object.deny with input as combined
	count(findings) == 1
	some f in findings
	f.rule_id == "cross-duplicate-object"
	f.severity == "high"
	f.msg == `cross-duplicate-object: Deployment/shop/web: one of 2 definitions in the input with apiVersion group "apps", kind Deployment, namespace "shop" and name "web": applied, the last replaces the others`
}

_tagged(obj, i) := object.union(obj, {"manifest-lint.omnitide.dev/document": i})

test_tagged_copies_give_a_finding_each if {
	a := _deployment("apps/v1", "shop", "web")
	combined := [{"path": "a.yaml", "contents": _tagged(a, "0")}, {"path": "b.yaml", "contents": _tagged(a, "1")}, {"path": "c.yaml", "contents": _tagged(a, "2")}]
	{f.document | some f in duplicate_object.deny} == {"0", "1", "2"} with input as combined
}

test_identical_copies_give_one_finding if {
	a := _deployment("apps/v1", "shop", "web")
	combined := [{"path": "a.yaml", "contents": a}, {"path": "a.yaml", "contents": a}, {"path": "c.yaml", "contents": a}]
	some f in duplicate_object.deny with input as combined
	contains(f.msg, "one of 3 definitions in the input")
	count(duplicate_object.deny) == 1 with input as combined
}

test_versions_of_one_group_are_the_same_object if {
	combined := [
		{"path": "a.yaml", "contents": _deployment("apps/v1", "shop", "web")},
		{"path": "b.yaml", "contents": {"kind": "List", "items": [_deployment("apps/v1beta2", "shop", "web")]}},
	]
	count(duplicate_object.deny) == 1 with input as combined
}

test_different_identity_allowed if {
	combined := [
		{"path": "a.yaml", "contents": _deployment("apps/v1", "shop", "web")},
		{"path": "b.yaml", "contents": _deployment("apps/v1", "other", "web")},
		{"path": "c.yaml", "contents": _deployment("apps/v1", "shop", "api")},
		{"path": "d.yaml", "contents": _deployment("example.com/v1", "shop", "web")},
		{"path": "e.yaml", "contents": {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}}},
		{"path": "f.yaml", "contents": null},
	]
	count(duplicate_object.deny) == 0 with input as combined
}

test_cluster_scoped_duplicates_denied if {
	ns := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}
	some f in duplicate_object.deny with input as [{"path": "a.yaml", "contents": ns}, {"path": "b.yaml", "contents": ns}]
	contains(f.msg, `with apiVersion group "", kind Namespace, namespace "" and name "shop"`)
}

test_generated_names_not_compared if {
	job := {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"generateName": "migrate-", "namespace": "shop"}}
	count(duplicate_object.deny) == 0 with input as [{"path": "a.yaml", "contents": job}, {"path": "b.yaml", "contents": job}]
}

test_duplicates_within_one_list if {
	list := {"kind": "List", "items": [_deployment("apps/v1", "shop", "web"), _deployment("apps/v1", "shop", "web")]}
	some f in duplicate_object.deny with input as list
	contains(f.msg, "one of 2 definitions in the input")
	count(duplicate_object.deny) == 0 with input as _deployment("apps/v1", "shop", "web")
}

test_waiver_on_one_copy if {
	a := _deployment("apps/v1", "shop", "web")
	waived := json.patch(a, [{"op": "add", "path": "/metadata/annotations", "value": {"policy.omnitide.dev/waive-cross-duplicate-object": "migration in progress"}}])
	combined := [{"path": "a.yaml", "contents": a}, {"path": "b.yaml", "contents": waived}]
	count(duplicate_object.deny) == 1 with input as combined
	count(duplicate_object.warn) == 1 with input as combined
}
