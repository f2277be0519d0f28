# METADATA
# title: NetworkPolicy peers select pods
# description: |
#   An ingress `from` or egress `to` peer that has a podSelector and no namespaceSelector stands
#   for pods of the policy's own namespace. When that podSelector matches the pod template
#   labels of no workload there, the rule allows traffic from (or to) nothing, most often
#   because of a label typo, and the traffic it was written for is dropped. Peers with a
#   namespaceSelector (pods of other namespaces, which the input may not show) and empty
#   podSelectors (every pod of the namespace) are not reported. The pods that operators create
#   from custom resources (lib.selectors operator_pods) count. Low: the mistake fails closed
#   (blocked traffic shows at once, nothing is exposed), and the peer pods may come from
#   another release in the namespace. Compared across all rendered documents
#   (`conftest test --combine`). (kube-linter dangling-networkpolicypeer-podselector.)
# scope: package
# custom:
#   id: cross-netpol-peer-selects-pods
#   severity: low
#   kinds: [NetworkPolicy]
#   combine: true
#   remediation: Make the peer's podSelector match the pod template labels of the pods the traffic comes from or goes to.
package cross.netpol_peer_selects_pods

import data.lib.findings
import data.lib.kubernetes as k8s
import data.lib.selectors

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_directions := {"ingress": ["from", "allows no traffic from it"], "egress": ["to", "allows no traffic to it"]}

_violations contains findings.problem(policy, null, detail) if {
	some policy in selectors.objects_of_kind("NetworkPolicy")
	some direction, [field, effect] in _directions
	some i, policy_rule in _array(object.get(policy, ["spec", direction], []))
	some j, peer in _array(object.get(policy_rule, field, []))
	object.get(peer, "namespaceSelector", null) == null
	selector := peer.podSelector
	is_object(selector)
	count(selector) > 0
	not _selects_pods(k8s.namespace(policy), selector)
	path := sprintf("spec.%v[%v].%v[%v].podSelector", [direction, i, field, j])
	namespace := selectors.namespace_text(policy)
	detail := sprintf("%v %v matches the pods of no workload in %v, so the rule %v", [path, selector, namespace, effect])
}

_selects_pods(namespace, selector) if {
	some source in selectors.selector_candidates(namespace, selector)
	selectors.matches(selector, selectors.pod_labels(source))
}

_array(value) := value if is_array(value)

_array(value) := [] if not is_array(value)
