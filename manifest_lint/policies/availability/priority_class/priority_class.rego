# METADATA
# title: priorityClassName set
# description: |
#   Without a priorityClassName every pod has the same priority, so under pressure the
#   scheduler may preempt or evict important pods for unimportant ones. Low severity.
#   (Polaris priorityClassNotSet, which Polaris' default configuration sets to warning.)
#   Opt-in here: it reports only when data.lint_config.require_priority_class is true, because
#   the named PriorityClass must exist in the cluster, which a manifest cannot show, and which
#   classes a cluster offers is its operators' choice.
# scope: package
# custom:
#   id: avail-priority-class
#   severity: low
#   kinds: [workloads]
#   remediation: Set spec.priorityClassName to a PriorityClass that reflects the workload's importance.
package availability.priority_class

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

default _enabled := false

_enabled := data.lint_config.require_priority_class

_violations contains findings.problem(pod.object, null, msg) if {
	_enabled == true
	some pod in k8s.pods
	object.get(pod.spec, "priorityClassName", "") == ""
	msg := sprintf("%s is not set", [k8s.pod_path(pod.object, "spec.priorityClassName")])
}
