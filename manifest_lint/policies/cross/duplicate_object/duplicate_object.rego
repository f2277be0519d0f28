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
# _entries is each named object with its identity: [API group, kind, namespace, name].
_entries := [{"key": key, "object": obj} |
	some obj in k8s.objects
	name := object.get(obj, ["metadata", "name"], "")
	name != ""
	key := [k8s.api_group(object.get(obj, "apiVersion", "")), obj.kind, object.get(obj, ["metadata", "namespace"], ""), name]
]

# _duplicated is the identities that more than one object has: usually none, which counting the
# distinct identities shows without grouping the entries.
_duplicated contains key if {
	count({e.key | some e in _entries}) < count(_entries)
	some key, same in _by_key
	count(same) > 1
}

# _by_key indexes the entries by identity (one pass: OPA indexes the inner comprehension).
# A comprehension, not an object rule: it is built once, where a rule would be evaluated per lookup.
# regal ignore:prefer-set-or-object-rule
_by_key := {key: [e | some e in _entries; e.key == key] | some key in {e.key | some e in _entries}}

_violations contains findings.problem(e.object, null, detail) if {
	some key in _duplicated
	same := _by_key[key]
	some e in same
	[group, kind, namespace, name] := key
	identity := sprintf("apiVersion group %q, kind %v, namespace %q and name %q", [group, kind, namespace, name])
	detail := sprintf("one of %v definitions in the input with %v: applied, the last replaces the others", [count(same), identity])
}
