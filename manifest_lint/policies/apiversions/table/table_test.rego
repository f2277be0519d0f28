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

test_entry_lookup if {
	row := table.entry({"apiVersion": "policy/v1beta1", "kind": "PodDisruptionBudget"})
	row.removed == "1.25"
	not table.entry({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget"})
}

test_rows_unique if {
	keys := [[r.api, r.kind] | some r in table.rows]
	count(keys) == count({k | some k in keys})
}
