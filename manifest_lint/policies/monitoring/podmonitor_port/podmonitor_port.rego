# METADATA
# title: PodMonitors select a container port
# description: |
#   A PodMonitor (monitoring.coreos.com) must select the pods of at least one workload of the
#   input (spec.selector against the pod template labels, in the namespaces of
#   spec.namespaceSelector: `any`, `matchNames`, or its own namespace when neither is set),
#   and each spec.podMetricsEndpoints[].port must be the name of a container port of a
#   selected workload's pods. Otherwise Prometheus gets no target: no metrics, and every alert
#   on them stays silent. Compared across all rendered documents (`conftest test --combine`).
#   Pods of operator resources (lib.selectors operator_pods) count as selected, with ports
#   not checked; endpoints given by portNumber or the deprecated targetPort are not checked.
# scope: package
# custom:
#   id: mon-podmonitor-port
#   severity: high
#   kinds: [PodMonitor, workloads]
#   combine: true
#   remediation: Make spec.selector match the pod template labels and name a container port (ports[].name) in podMetricsEndpoints[].port.
package monitoring.podmonitor_port

import data.lib.findings
import data.lib.kubernetes as k8s
import data.lib.selectors

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(monitor, null, detail) if {
	some monitor in _monitors
	count(_workloads(monitor)) == 0
	detail := sprintf("spec.selector %v matches the pods of no workload in %s", [object.get(monitor, ["spec", "selector"], null), _namespaces_text(monitor)])
}

_violations contains findings.problem(monitor, null, detail) if {
	some monitor in _monitors
	workloads := _workloads(monitor)
	count(workloads) > 0
	not _any_operator_resource(workloads)
	some i, endpoint in _array(object.get(monitor, ["spec", "podMetricsEndpoints"], []))
	port := endpoint.port
	is_string(port)
	not port in {name | some w in workloads; some name in _port_names(w)}
	names := concat(", ", sort({sprintf("%q", [n]) | some w in workloads; some n in _port_names(w)}))
	which := concat(", ", sort({sprintf("%s/%s", [w.kind, k8s.name(w)]) | some w in workloads}))
	detail := sprintf("spec.podMetricsEndpoints[%d].port %q is not a container port name of %s (port names: [%s])", [i, port, which, names])
}

_monitors := [m |
	some m in selectors.objects_of_kind("PodMonitor")
	startswith(object.get(m, "apiVersion", ""), "monitoring.coreos.com/")
]

# _workloads is the workloads (and operator resources) whose pods the PodMonitor selects.
_workloads(monitor) := [w |
	some namespace in _namespaces(monitor)
	some w in selectors.workloads_in(namespace)
	selectors.matches(object.get(monitor, ["spec", "selector"], null), selectors.pod_labels(w))
]

_any_operator_resource(workloads) if {
	some w in workloads
	selectors.operator_pod_spec(w)
}

_namespaces(monitor) := {k8s.namespace(w) | some w in selectors.pod_sources} if {
	monitor.spec.namespaceSelector.any == true
} else := names if {
	names := {n | some n in _array(monitor.spec.namespaceSelector.matchNames)}
	count(names) > 0
} else := {k8s.namespace(monitor)}

_namespaces_text(monitor) := "any namespace" if {
	monitor.spec.namespaceSelector.any == true
} else := sprintf("namespaces %v", [sort(_namespaces(monitor))]) if {
	count(_namespaces(monitor)) > 1
} else := selectors.namespace_text(monitor)

# _port_names is the names of the container ports of a workload's pods (init containers too:
# a native sidecar serves metrics).
_port_names(workload) := {p.name |
	spec := _pod_spec(workload)
	some type in ["containers", "initContainers"]
	some c in _array(object.get(spec, type, []))
	some p in _array(object.get(c, "ports", []))
	is_string(p.name)
}

_pod_spec(w) := object.get(w, "spec", {}) if w.kind == "Pod"

_pod_spec(w) := object.get(w, array.concat(k8s.template_paths[w.kind], ["spec"]), {}) if w.kind != "Pod"

_array(value) := value if is_array(value)

_array(value) := [] if not is_array(value)
