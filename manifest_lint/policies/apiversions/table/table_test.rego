package apiversions.table_test

import data.apiversions.table

test_version_number if {
	table.version_number("1.25") == 1025
	table.version_number("v1.9.3") == 1009
	table.version_number("1.37") > table.version_number("1.4")
}

test_default_target if {
	table.target == "1.37"
}

_pdb(api_version, name) := {"apiVersion": api_version, "kind": "PodDisruptionBudget", "metadata": {"name": name}}

test_listed_objects_and_their_rows if {
	listed := table.listed with input as {"kind": "List", "items": [_pdb("policy/v1beta1", "old"), _pdb("policy/v1", "new")]}
	[[e.object.metadata.name, e.row.removed] | some e in listed] == [["old", "1.25"]]
}

test_rows_unique if {
	keys := [[r.api, r.kind] | some r in table.rows]
	count(keys) == count({k | some k in keys})
}
