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

_violations contains findings.problem(u.workload, null, detail) if {
	some u in _uncovered
	count(u.egress_only) == 0
	detail := sprintf("no NetworkPolicy in %s selects its pods (labels %v)", [u.namespace, u.labels])
}

_violations contains findings.problem(u.workload, null, detail) if {
	some u in _uncovered
	count(u.egress_only) > 0
	args := [u.namespace, u.labels, concat(", ", sort(u.egress_only))]
	detail := sprintf("no NetworkPolicy in %s governs ingress to its pods (labels %v): %s select them for Egress only", args)
}

# _uncovered is each workload that no NetworkPolicy governing ingress selects, with the names of
# those that select it for egress only: worked out once per workload, for both rules above.
# (selectors.selecting gives policies of the workload's namespace, and workloads run pods, so
# only the selector is left to match.)
_uncovered := [{
	"workload": workload,
	"labels": labels,
	"namespace": selectors.namespace_text(workload),
	"egress_only": {k8s.name(policy) | some policy in selecting; not _governs_ingress(policy)},
} |
	some workload in selectors.workload_list
	labels := selectors.pod_labels(workload)
	selecting := [policy |
		some policy in selectors.selecting("NetworkPolicy", workload)
		selectors.matches(_pod_selector(policy), labels)
	]
	not _any_governs_ingress(selecting)
]

_any_governs_ingress(policies) if {
	some policy in policies
	_governs_ingress(policy)
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
