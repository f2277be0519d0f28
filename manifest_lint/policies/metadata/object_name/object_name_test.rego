package metadata.object_name_test

import data.metadata.object_name

_cm(metadata) := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata}

test_missing_name if {
	some f in object_name.deny with input as _cm({"namespace": "shop"})
	f.msg == "object-name: ConfigMap/shop/: metadata.name is not set (nor metadata.generateName)"
}

test_missing_metadata if {
	count(object_name.deny) == 1 with input as {"apiVersion": "v1", "kind": "ConfigMap"}
}

test_number_and_boolean_names if {
	some f in object_name.deny with input as _cm({"name": 5})
	f.msg == "object-name: ConfigMap/-/5: metadata.name is the number 5, not a string (quote it)"
	some g in object_name.deny with input as _cm({"name": true, "namespace": 7})
	g.detail == "metadata.name is the boolean true, not a string (quote it)"
	count(object_name.deny) == 2 with input as _cm({"name": true, "namespace": 7})
}

test_named_and_generated_names_pass if {
	count(object_name.deny) == 0 with input as _cm({"name": "settings", "namespace": "shop"})
	count(object_name.deny) == 0 with input as _cm({"generateName": "job-"})
}
