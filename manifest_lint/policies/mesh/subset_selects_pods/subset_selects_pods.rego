# METADATA
# title: DestinationRule subsets select pods
# description: |
#   An Istio DestinationRule subset selects the pods of its host's Service that carry the
#   subset's labels. A subset whose labels, together with the Service's selector, match the
#   pod template labels of no workload in the Service's namespace has no endpoints: traffic a
#   VirtualService sends to it fails (503, "no healthy upstream"), typically after a slot or
#   version label was renamed. Checked for hosts that name a Service of the input (`name`,
#   `name.namespace`, `name.namespace.svc...`) that has a selector; subsets without labels are
#   the whole Service and are not checked. Compared across all rendered documents
#   (`conftest test --combine`), with the pods of workloads and of operator resources as in
#   cross-service-selector.
# scope: package
# custom:
#   id: mesh-subset-selects-pods
#   severity: high
#   kinds: [DestinationRule]
#   combine: true
#   remediation: Make each subset's labels match the pod labels of the workload it stands for (e.g. slot blue).
package mesh.subset_selects_pods

import data.lib.findings
import data.lib.kubernetes as k8s
import data.lib.selectors

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(rule, null, detail) if {
	some rule in selectors.objects_of_kind("DestinationRule")
	startswith(object.get(rule, "apiVersion", ""), "networking.istio.io/")
	service_ref := _service_ref(rule)
	some service in selectors.of_kind_in("Service", service_ref.namespace)
	service.metadata.name == service_ref.name
	service_selector := selectors.service_selector(service)
	some i, subset in object.get(rule, ["spec", "subsets"], [])
	labels := object.get(subset, "labels", {})
	count(labels) > 0
	required := object.union(service_selector, labels)
	not _selects_pods(service_ref.namespace, required)
	args := [i, object.get(subset, "name", ""), labels, service_ref.namespace, service_ref.name, service_selector]
	detail := sprintf("spec.subsets[%d] %q: labels %v select no pods of Service %v/%v (selector %v)", args)
}

_selects_pods(namespace, required) if {
	some workload in selectors.candidates(namespace, required)
	selectors.service_matches(required, selectors.pod_labels(workload))
}

# _service_ref is the Service a host names: `name` (in the rule's namespace), `name.namespace`,
# or `name.namespace.svc[.<cluster domain>]`; undefined for other hosts (external, wildcard).
_service_ref(rule) := {"name": parts[0], "namespace": k8s.namespace(rule)} if {
	parts := _host_parts(rule)
	count(parts) == 1
}

_service_ref(rule) := {"name": parts[0], "namespace": parts[1]} if {
	parts := _host_parts(rule)
	count(parts) == 2
}

_service_ref(rule) := {"name": parts[0], "namespace": parts[1]} if {
	parts := _host_parts(rule)
	count(parts) > 2
	parts[2] == "svc"
}

_host_parts(rule) := split(host, ".") if {
	host := rule.spec.host
	is_string(host)
	not contains(host, "*")
}
