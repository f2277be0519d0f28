# METADATA
# title: NetworkPolicy selects pods
# description: |
#   A NetworkPolicy whose spec.podSelector (matchLabels and matchExpressions) matches the pod
#   template labels of no workload in its namespace isolates nothing: the pods it was written
#   for stay open, most often because of a label typo. An empty (or missing) podSelector
#   selects every pod of the namespace and is never reported. The pods that operators create
#   from custom resources (lib.selectors operator_pods) count. Medium, like cross-workload-netpol,
#   which reports the open pods from the workload side. Compared across all rendered documents
#   (`conftest test --combine`). (kube-linter dangling-networkpolicy, kube-score
#   networkpolicy-targets-pod.)
# scope: package
# custom:
#   id: cross-netpol-selects-pods
#   severity: medium
#   kinds: [NetworkPolicy]
#   combine: true
#   remediation: Make spec.podSelector match the pod template labels of the workloads the policy is for.
package cross.netpol_selects_pods

import data.lib.findings
import data.lib.kubernetes as k8s
import data.lib.selectors

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(policy, null, detail) if {
	some policy in selectors.objects_of_kind("NetworkPolicy")
	selector := policy.spec.podSelector
	is_object(selector)
	count(selector) > 0
	not _selects_pods(k8s.namespace(policy), selector)
	detail := sprintf("spec.podSelector %v matches the pods of no workload in %v, so the policy isolates nothing", [selector, selectors.namespace_text(policy)])
}

_selects_pods(namespace, selector) if {
	some source in selectors.selector_candidates(namespace, selector)
	selectors.matches(selector, selectors.pod_labels(source))
}
