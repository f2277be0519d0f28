# METADATA
# title: Valid label values
# description: |
#   A label value must be a string of at most 63 characters: empty, or alphanumerics with '-',
#   '_' and '.' inside. Anything else is rejected by the API server. Checked on the metadata of
#   built-in kinds and on pod templates.
# scope: package
# custom:
#   id: meta-label-values
#   severity: medium
#   kinds: [built-in kinds]
#   remediation: Shorten the value to 63 characters and use only letters, digits, '-', '_' and '.', starting and ending with a letter or digit.
package metadata.label_values

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

# Built-in API groups ("" is the core group). Custom resources are left to their own schemas.
_builtin_groups := {
	"", "apps", "batch", "autoscaling", "policy", "networking.k8s.io", "rbac.authorization.k8s.io",
	"storage.k8s.io", "scheduling.k8s.io", "discovery.k8s.io", "coordination.k8s.io", "node.k8s.io",
	"admissionregistration.k8s.io", "apiextensions.k8s.io", "apiregistration.k8s.io",
	"certificates.k8s.io", "flowcontrol.apiserver.k8s.io", "events.k8s.io", "extensions",
	"resource.k8s.io", "gateway.networking.k8s.io",
}

_builtin(api_version) if k8s.api_group(api_version) in _builtin_groups

# (Each label is one regex match, inlined: this runs for every label of every object. A value
# that is no string fails the match too.)
_violations contains findings.problem(obj, null, msg) if {
	some obj in k8s.objects
	_builtin(obj.apiVersion)
	labels := object.get(obj, ["metadata", "labels"], {})
	not _all_valid(labels)
	some key, value in labels
	not regex.match(_valid_value, value)
	msg := sprintf("metadata.labels[%q] value %s is not a valid label value", [key, json.marshal(value)])
}

_violations contains findings.problem(pod.object, null, msg) if {
	some pod in k8s.pods
	pod.object.kind != "Pod"
	_builtin(pod.object.apiVersion)
	labels := object.get(pod.metadata, "labels", {})
	not _all_valid(labels)
	some key, value in labels
	not regex.match(_valid_value, value)
	path := concat(".", array.concat(k8s.template_paths[pod.object.kind], ["metadata", "labels"]))
	msg := sprintf("%s[%q] value %s is not a valid label value", [path, key, json.marshal(value)])
}

# _valid_value is a label value: empty, or at most 63 characters of [-A-Za-z0-9_.], alphanumeric at both ends.
_valid_value := concat("", ["^", _value, "$"])

_value := `(?:(?:[A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?`

# _all_valid holds when every value of a label map is valid, by one match of the map's JSON: a
# valid value has no quote or backslash, so it stands between its quotes as it is. Most maps
# are valid, and then their labels are not looked at one by one.
_all_valid(labels) if regex.match(_valid_map, json.marshal(labels))

_valid_map := concat("", [`^\{(?:`, _pair, `(?:,`, _pair, `)*)?\}$`])

_pair := concat("", [`"(?:[^"\\]|\\.)*":"`, _value, `"`])
