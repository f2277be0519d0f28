# METADATA
# title: Service selects pods
# description: |
#   A Service with a selector that matches the pod labels of no workload in its namespace
#   has no endpoints: traffic to it fails. Compared across all rendered documents
#   (`conftest test --combine`) against the pods of Deployments, StatefulSets, DaemonSets,
#   ReplicaSets, ReplicationControllers, Jobs, CronJobs and Pods, and of the custom resources
#   an operator turns into pods (lib.selectors operator_pods: Prometheus, PrometheusAgent,
#   Alertmanager and ThanosRuler of monitoring.coreos.com), with the labels the operator gives
#   them. Services without a selector (endpoints managed elsewhere) and ExternalName Services
#   are not checked.
# scope: package
# custom:
#   id: cross-service-selector
#   severity: high
#   kinds: [Service]
#   combine: true
#   remediation: Make spec.selector match the pod template labels of the workload it fronts, in the same namespace.
package cross.service_selects_pods

import data.lib.findings
import data.lib.kubernetes as k8s
import data.lib.selectors

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(service, null, detail) if {
	some service in selectors.objects_of_kind("Service")
	object.get(service, ["spec", "type"], "ClusterIP") != "ExternalName"
	selector := selectors.service_selector(service)
	not _selects_some_workload(service, selector)
	detail := sprintf("selector %v matches no workload in %s", [selector, selectors.namespace_text(service)])
}

_selects_some_workload(service, selector) if {
	some workload in selectors.candidates(k8s.namespace(service), selector)
	selectors.same_namespace(service, workload)
	selectors.service_matches(selector, selectors.pod_labels(workload))
}
