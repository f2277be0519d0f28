# METADATA
# title: No duplicate objects
# description: |
#   Two objects with the same apiVersion group, kind, namespace and name are one object to the
#   API server: applying the input, the later one silently replaces the earlier (kubectl apply,
#   Argo CD and Flux report at best a warning), so what runs is not what one of them says.
#   Compared across all rendered documents (`conftest test --combine`), and within one List.
#   The version is ignored (apps/v1 and apps/v1beta2 name the same object); objects without a
#   name (generateName) are not compared; no namespace counts as the namespace "".
# scope: package
# custom:
#   id: cross-duplicate-object
#   severity: high
#   kinds: [all]
#   combine: true
#   remediation: Keep one definition of the object (check for two charts or overlays rendering it), or rename one of them.
package cross.duplicate_object

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

# _entries is every named object of the input with its file (null outside a combined input) and identity.
_entries := array.concat(
	[_entry(entry.path, obj) | some entry in k8s.combined_entries; some obj in k8s.objects_in(entry.contents); k8s.name(obj) != ""],
	[_entry(null, obj) | some obj in k8s.objects_in(input); k8s.name(obj) != ""],
)

_entry(path, obj) := {"path": path, "object": obj, "key": [k8s.api_group(object.get(obj, "apiVersion", "")), obj.kind, k8s.namespace(obj), k8s.name(obj)]}

# _by_key indexes the entries by identity (one pass: OPA indexes the inner comprehension).
# A comprehension, not an object rule: it is built once, where a rule would be evaluated per lookup.
# regal ignore:prefer-set-or-object-rule
_by_key := {key: [e | some e in _entries; e.key == key] | some key in {e.key | some e in _entries}}

_violations contains findings.problem(e.object, null, detail) if {
	some key, same in _by_key
	count(same) > 1
	some e in same
	[group, kind, namespace, name] := key
	identity := sprintf("apiVersion group %q, kind %v, namespace %q and name %q", [group, kind, namespace, name])
	detail := sprintf("one of %v definitions in the input with %v: applied, the last replaces the others", [count(same), identity])
}
