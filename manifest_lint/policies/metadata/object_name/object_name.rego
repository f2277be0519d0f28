# METADATA
# title: Objects have a name
# description: |
#   Every object needs metadata.name as a string (or metadata.generateName, for objects created
#   with a generated name), and metadata.namespace, when set, must be a string. The API server
#   refuses an object without them. YAML reads `name: 5` as a number and `name: yes` as a boolean:
#   quote such names.
# scope: package
# custom:
#   id: object-name
#   severity: high
#   kinds: [all]
#   remediation: Set metadata.name to a DNS name, as a string; quote names that YAML would read as numbers or booleans.
package metadata.object_name

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

# (Builtins on each object, no helper called with the object: this runs for every object.)
_violations contains findings.problem(obj, null, "metadata.name is not set (nor metadata.generateName)") if {
	some obj in k8s.objects
	object.get(obj, ["metadata", "name"], null) == null
	object.get(obj, ["metadata", "generateName"], null) == null
}

_violations contains findings.problem(obj, null, detail) if {
	some obj in k8s.objects
	some field, value in object.filter(object.get(obj, "metadata", {}), {"name", "namespace", "generateName"})
	value != null
	not is_string(value)
	detail := sprintf("metadata.%v is the %v %v, not a string (quote it)", [field, type_name(value), json.marshal(value)])
}
