# METADATA
# title: Workloads are covered by a NetworkPolicy
# description: |
#   Pods that no NetworkPolicy selects accept traffic from anywhere in the cluster. Every
#   workload's pods (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
#   Job, CronJob, Pod) should be selected by the spec.podSelector of some NetworkPolicy in
#   the same namespace; an empty podSelector selects every pod of the namespace. Compared
#   across all rendered documents (`conftest test --combine`).
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

deny := findings.unwaived(rego.metadata.chain(), _violations)

warn := findings.waived(rego.metadata.chain(), _violations)

_violations contains findings.problem(workload, null, detail) if {
	some workload in selectors.workload_list
	not _covered(workload)
	labels := selectors.pod_labels(workload)
	namespace := selectors.namespace_text(workload)
	detail := sprintf("no NetworkPolicy in %s selects its pods (labels %v)", [namespace, labels])
}

_covered(workload) if {
	some policy in selectors.selecting("NetworkPolicy", workload)
	selectors.selects_workload(policy, _pod_selector(policy), workload)
}

# A missing or null podSelector decodes to the empty selector, which selects every pod.
_pod_selector(policy) := selector if {
	selector := policy.spec.podSelector
	is_object(selector)
} else := {}
