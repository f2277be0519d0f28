# METADATA
# title: Workloads are covered by a NetworkPolicy
# description: |
#   Pods that no NetworkPolicy selects accept traffic from anywhere in the cluster. Every
#   workload's pods (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
#   Job, CronJob, Pod) should be selected by the spec.podSelector of some NetworkPolicy in
#   the same namespace; an empty podSelector selects every pod of the namespace. Only a policy
#   that governs Ingress counts: one whose spec.policyTypes contains Ingress, or that leaves
#   policyTypes out (it then defaults to Ingress, plus Egress when it has egress rules). An
#   Egress-only policy restricts what the pods reach, not who reaches them, so their ingress
#   stays open. Compared across all rendered documents (`conftest test --combine`).
# scope: package
# custom:
#   id: cross-workload-netpol
#   severity: medium
#   kinds: [workloads]
#   combine: true
#   remediation: Add a NetworkPolicy whose podSelector matches the pods (an empty podSelector covers the namespace).
package cross.workload_network_policy

import data.lib.findings
import data.lib.kubernetes as k8s
import data.lib.selectors

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(workload, null, detail) if {
	some workload in selectors.workload_list
	not _covered(workload)
	count(_egress_only(workload)) == 0
	labels := selectors.pod_labels(workload)
	namespace := selectors.namespace_text(workload)
	detail := sprintf("no NetworkPolicy in %s selects its pods (labels %v)", [namespace, labels])
}

_violations contains findings.problem(workload, null, detail) if {
	some workload in selectors.workload_list
	not _covered(workload)
	names := _egress_only(workload)
	count(names) > 0
	args := [selectors.namespace_text(workload), selectors.pod_labels(workload), concat(", ", sort(names))]
	detail := sprintf("no NetworkPolicy in %s governs ingress to its pods (labels %v): %s select them for Egress only", args)
}

# A workload is covered when a policy that governs Ingress selects its pods.
_covered(workload) if {
	some policy in _selecting(workload)
	_governs_ingress(policy)
}

_selecting(workload) := [policy |
	some policy in selectors.selecting("NetworkPolicy", workload)
	selectors.selects_workload(policy, _pod_selector(policy), workload)
]

# _egress_only is the names of the policies selecting the workload that do not govern Ingress.
_egress_only(workload) := {k8s.name(policy) |
	some policy in _selecting(workload)
	not _governs_ingress(policy)
}

# An empty or missing policyTypes defaults to Ingress (plus Egress when there are egress rules).
_governs_ingress(policy) if "Ingress" in _policy_types(policy)

_governs_ingress(policy) if count(_policy_types(policy)) == 0

_policy_types(policy) := types if {
	types := policy.spec.policyTypes
	is_array(types)
} else := []

# A missing or null podSelector decodes to the empty selector, which selects every pod.
_pod_selector(policy) := selector if {
	selector := policy.spec.podSelector
	is_object(selector)
} else := {}
