# METADATA
# title: ServiceMonitors select a Service port
# description: |
#   A ServiceMonitor (monitoring.coreos.com) must select at least one Service of the input
#   (spec.selector, in the namespaces of spec.namespaceSelector: `any`, `matchNames`, or its
#   own namespace when neither is set), and each spec.endpoints[].port must be the name of a
#   port of a selected Service. Otherwise Prometheus gets no target: no metrics, and every
#   alert on them stays silent, with no error anywhere. Compared across all rendered
#   documents (`conftest test --combine`). Endpoints given by the deprecated targetPort are
#   not checked.
# scope: package
# custom:
#   id: mon-servicemonitor-port
#   severity: high
#   kinds: [ServiceMonitor, Service]
#   combine: true
#   remediation: Make spec.selector match the Service's labels and name the Service port (spec.ports[].name) in endpoints[].port.
package monitoring.servicemonitor_port

import data.lib.findings
import data.lib.kubernetes as k8s
import data.lib.selectors

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(monitor, null, detail) if {
	some monitor in _monitors
	count(_services(monitor)) == 0
	detail := sprintf("spec.selector %v matches no Service in %s", [object.get(monitor, ["spec", "selector"], null), _namespaces_text(monitor)])
}

_violations contains findings.problem(monitor, null, detail) if {
	some monitor in _monitors
	services := _services(monitor)
	count(services) > 0
	some i, endpoint in _array(object.get(monitor, ["spec", "endpoints"], []))
	port := endpoint.port
	is_string(port)
	not _has_port(services, port)
	names := concat(", ", sort({sprintf("%q", [n]) | some s in services; some p in _array(object.get(s, ["spec", "ports"], [])); n := p.name}))
	which := concat(", ", sort({k8s.name(s) | some s in services}))
	detail := sprintf("spec.endpoints[%d].port %q is not a port name of Service %s (port names: [%s])", [i, port, which, names])
}

_monitors := [m |
	some m in selectors.objects_of_kind("ServiceMonitor")
	startswith(object.get(m, "apiVersion", ""), "monitoring.coreos.com/")
]

# _services is the Services the ServiceMonitor selects, in the namespaces it watches.
_services(monitor) := [s |
	some namespace in _namespaces(monitor)
	some s in selectors.of_kind_in("Service", namespace)
	selectors.matches(object.get(monitor, ["spec", "selector"], null), k8s.labels(s))
]

_namespaces(monitor) := {k8s.namespace(s) | some s in selectors.objects_of_kind("Service")} if {
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

_has_port(services, name) if {
	some s in services
	some p in _array(object.get(s, ["spec", "ports"], []))
	p.name == name
}

_array(value) := value if is_array(value)

_array(value) := [] if not is_array(value)
