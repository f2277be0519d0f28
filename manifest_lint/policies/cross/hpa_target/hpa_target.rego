# METADATA
# title: HorizontalPodAutoscaler target exists
# description: |
#   An HPA whose spec.scaleTargetRef (kind, name and the group of apiVersion) names no
#   workload in its namespace scales nothing, and one that names a kind without a scale
#   subresource (DaemonSet, Job, CronJob, Pod) fails. Compared across all rendered
#   documents (`conftest test --combine`). Targets of other kinds (custom resources) are
#   not checked.
# scope: package
# custom:
#   id: cross-hpa-target
#   severity: high
#   kinds: [HorizontalPodAutoscaler]
#   combine: true
#   remediation: Point scaleTargetRef at the Deployment, StatefulSet or ReplicaSet it scales (kind, name, apiVersion).
package cross.hpa_target

import data.lib.findings
import data.lib.kubernetes as k8s
import data.lib.selectors

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(hpa, null, detail) if {
	some hpa in selectors.objects_of_kind("HorizontalPodAutoscaler")
	ref := hpa.spec.scaleTargetRef
	ref.kind in selectors.workload_kinds
	not _targets_some_workload(hpa)
	namespace := selectors.namespace_text(hpa)
	detail := sprintf("scaleTargetRef %s matches no workload in %s", [_ref_text(ref), namespace])
}

_violations contains findings.problem(hpa, null, detail) if {
	some hpa in selectors.objects_of_kind("HorizontalPodAutoscaler")
	ref := hpa.spec.scaleTargetRef
	ref.kind in selectors.workload_kinds
	not ref.kind in selectors.scalable_kinds
	scalable := concat(", ", sort(selectors.scalable_kinds))
	target := _ref_text(ref)
	detail := sprintf("scaleTargetRef %s names a kind without a scale subresource (scalable: %s)", [target, scalable])
}

_targets_some_workload(hpa) if {
	some workload in selectors.of_kind_in(hpa.spec.scaleTargetRef.kind, k8s.namespace(hpa))
	workload.kind in selectors.workload_kinds
	selectors.hpa_targets(hpa, workload)
}

_ref_text(ref) := sprintf("%s %q (%s)", [ref.kind, ref.name, ref.apiVersion]) if {
	is_string(ref.apiVersion)
} else := sprintf("%s %q", [ref.kind, ref.name])
