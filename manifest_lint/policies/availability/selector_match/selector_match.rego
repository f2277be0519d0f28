# METADATA
# title: Selector matches the pod template labels
# description: |
#   A workload whose spec.selector does not select its own pod template's labels is rejected by
#   the API server (apps/v1) or manages pods it did not create. Deployments, ReplicaSets,
#   StatefulSets and DaemonSets need a non-empty selector that matches the template labels;
#   ReplicationControllers and Jobs with manualSelector are checked when they set one.
#   (kube-linter mismatching-selector, kube-score.)
# scope: package
# custom:
#   id: avail-selector-match
#   severity: high
#   kinds: [Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController, Job]
#   remediation: Make spec.selector select labels that spec.template.metadata.labels sets.
package availability.selector_match

import data.lib.findings
import data.lib.kubernetes as k8s
import data.lib.selectors

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_apps_kinds := {"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"}

_violations contains findings.problem(obj, null, "spec.selector is not set or empty") if {
	some obj in k8s.objects_of_kinds(_apps_kinds)
	not _has_selector(obj)
}

_violations contains findings.problem(obj, null, msg) if {
	some obj in k8s.objects_of_kinds(_apps_kinds | {"Job"})
	_label_selector_kind(obj)
	_has_selector(obj)
	labels := selectors.pod_labels(obj)
	not selectors.matches(obj.spec.selector, labels)
	msg := sprintf("spec.selector %s does not match spec.template.metadata.labels %s", [json.marshal(obj.spec.selector), json.marshal(labels)])
}

# ReplicationController selectors are plain label maps.
_violations contains findings.problem(obj, null, msg) if {
	some obj in k8s.objects_of("ReplicationController")
	is_object(obj.spec.selector)
	labels := selectors.pod_labels(obj)
	not selectors.service_matches(obj.spec.selector, labels)
	msg := sprintf("spec.selector %s does not match spec.template.metadata.labels %s", [json.marshal(obj.spec.selector), json.marshal(labels)])
}

_label_selector_kind(obj) if obj.kind in _apps_kinds

_label_selector_kind(obj) if {
	obj.kind == "Job"
	obj.spec.manualSelector == true
}

_has_selector(obj) if {
	some field in ["matchLabels", "matchExpressions"]
	count(object.get(obj, ["spec", "selector", field], [])) > 0
}
