# METADATA
# title: StatefulSet serviceName names a headless Service selecting its pods
# description: |
#   A StatefulSet's pods get their stable network names (<pod>.<serviceName>.<namespace>.svc)
#   only from the headless Service (spec.clusterIP: None) that spec.serviceName names and whose
#   selector matches the pod template labels. Reported when no Service of that name is in the
#   StatefulSet's namespace, when it is not headless, or when its selector does not select the
#   pods (a Service without a selector selects none). A StatefulSet that leaves serviceName
#   out or empty asks for no network identity and is not checked. Medium: peers that find each
#   other by those names (database replicas, quorum members) fail to, while the pods run.
#   Compared across all rendered documents (`conftest test --combine`). (kube-score
#   statefulset-has-servicename.)
# scope: package
# custom:
#   id: cross-statefulset-service
#   severity: medium
#   kinds: [StatefulSet]
#   combine: true
#   remediation: Add a Service with clusterIP None named as spec.serviceName whose selector matches the pod template labels.
package cross.statefulset_service

import data.lib.findings
import data.lib.kubernetes as k8s
import data.lib.selectors

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(sts, null, detail) if {
	some sts in selectors.objects_of_kind("StatefulSet")
	name := sts.spec.serviceName
	is_string(name)
	name != ""
	services := [svc | some svc in selectors.of_kind_in("Service", k8s.namespace(sts)); k8s.name(svc) == name]
	not _good(services, sts)
	detail := _detail(services, sts, name)
}

_good(services, sts) if {
	some svc in services
	_headless(svc)
	_selects(svc, sts)
}

_headless(svc) if svc.spec.clusterIP == "None"

_selects(svc, sts) if selectors.service_matches(selectors.service_selector(svc), selectors.pod_labels(sts))

_detail(services, sts, name) := msg if {
	count(services) == 0
	msg := sprintf("spec.serviceName %q names no Service in %v, so its pods get no stable network names", [name, selectors.namespace_text(sts)])
} else := msg if {
	some svc in services
	not _headless(svc)
	cluster_ip := json.marshal(object.get(svc, ["spec", "clusterIP"], null))
	text := "spec.serviceName %q names a Service that is not headless (spec.clusterIP is %v, want \"None\"), so its pods get no stable network names"
	msg := sprintf(text, [name, cluster_ip])
} else := msg if {
	some svc in services
	selector := object.get(svc, ["spec", "selector"], null)
	labels := selectors.pod_labels(sts)
	msg := sprintf("spec.serviceName %q names a headless Service whose selector %v does not select its pods (labels %v)", [name, selector, labels])
}
