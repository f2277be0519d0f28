# METADATA
# title: Namespaces enforce a Pod Security Standard
# description: |
#   Pod Security Admission enforces the level in a Namespace's pod-security.kubernetes.io/enforce
#   label. Without the label the cluster's default applies, which is privileged (nothing
#   enforced) unless the admission configuration says otherwise; enforce: privileged turns
#   enforcement off explicitly. Either way every pod rule of this pack can pass while the cluster
#   admits privileged pods into the namespace. The label must be baseline or restricted;
#   restricted is what the constructs render (HardenedNamespace). A value that is not a level is
#   reported too: the API server refuses such a Namespace.
# scope: package
# custom:
#   id: namespace-pss-enforce
#   severity: high
#   kinds: [Namespace]
#   remediation: Label the Namespace pod-security.kubernetes.io/enforce restricted (or baseline), or render it with HardenedNamespace.
package security.namespace_pss

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_label := "pod-security.kubernetes.io/enforce"

_enforcing := {"baseline", "restricted"}

_namespaces contains obj if {
	some obj in k8s.objects_of("Namespace")
	object.get(obj, "apiVersion", "v1") == "v1"
}

_violations contains findings.problem(obj, null, detail) if {
	some obj in _namespaces
	not _has_label(obj)
	detail := sprintf("metadata.labels has no %q, so the cluster default applies (privileged unless configured otherwise)", [_label])
}

_violations contains findings.problem(obj, null, detail) if {
	some obj in _namespaces
	level := _level(obj)
	level == "privileged"
	detail := sprintf("metadata.labels[%q] is \"privileged\", which enforces nothing (want restricted or baseline)", [_label])
}

_violations contains findings.problem(obj, null, detail) if {
	some obj in _namespaces
	level := _level(obj)
	not level in (_enforcing | {"privileged"})
	detail := sprintf("metadata.labels[%q] is %s, not a Pod Security level (want restricted or baseline)", [_label, json.marshal(level)])
}

_has_label(obj) if _label in object.keys(_labels(obj))

_level(obj) := _labels(obj)[_label]

_labels(obj) := labels if {
	labels := k8s.labels(obj)
	is_object(labels)
} else := {}
