# METADATA
# title: Recommended labels
# description: |
#   The recommended labels app.kubernetes.io/name, /instance, /version, /component, /part-of and
#   /managed-by let tools and people find what a workload is and who owns it. Every workload
#   needs them on its metadata and on its pod template (the pods are what monitoring sees).
#   The list can be replaced with data.lint_config.recommended_labels.
#   (Kubernetes "Recommended Labels", Gatekeeper requiredlabels, Polaris, Kyverno.)
# scope: package
# custom:
#   id: meta-recommended-labels
#   severity: low
#   kinds: [workloads]
#   remediation: Add the missing app.kubernetes.io/* labels to metadata.labels and the pod template's metadata.labels.
package metadata.recommended_labels

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

default _required := [
	"app.kubernetes.io/name",
	"app.kubernetes.io/instance",
	"app.kubernetes.io/version",
	"app.kubernetes.io/component",
	"app.kubernetes.io/part-of",
	"app.kubernetes.io/managed-by",
]

_required := data.lint_config.recommended_labels

_violations contains findings.problem(obj, null, msg) if {
	some obj in k8s.objects_of_kinds(k8s.workload_kinds)
	labels := object.get(obj, ["metadata", "labels"], {})
	not _complete(labels)
	missing := _missing(labels)
	count(missing) > 0
	msg := sprintf("metadata.labels is missing %v", [missing])
}

_violations contains findings.problem(pod.object, null, msg) if {
	some pod in k8s.pods
	pod.object.kind != "Pod"
	labels := object.get(pod.metadata, "labels", {})
	not _complete(labels)
	missing := _missing(labels)
	count(missing) > 0
	path := concat(".", array.concat(k8s.template_paths[pod.object.kind], ["metadata", "labels"]))
	msg := sprintf("%s is missing %v", [path, missing])
}

_missing(labels) := [key | some key in _required; object.get(labels, key, "") == ""]

# _complete holds when labels has every required label, none empty, found with builtins (most
# workloads have them all, and then _missing is not worked out). In the JSON of the required
# labels, `":""` can only be a label whose value is empty.
_complete(labels) if {
	present := object.filter(labels, _required)
	count(present) == count(_required)
	not contains(json.marshal(present), `":""`)
}
