# METADATA
# title: Ingress backends exist
# description: |
#   Every Service backend of an Ingress (spec.rules[].http.paths[].backend.service and
#   spec.defaultBackend.service) must name a Service in the Ingress's namespace and one of
#   that Service's ports: port.number matches a Service port's `port`, or port.name matches a
#   port's `name`. Otherwise the controller answers 503 for that path. Compared across all
#   rendered documents (`conftest test --combine`). Resource backends are not checked, nor
#   the ports of ExternalName Services.
# scope: package
# custom:
#   id: cross-ingress-backend
#   severity: high
#   kinds: [Ingress, Service]
#   combine: true
#   remediation: Point the backend at an existing Service in its namespace and at one of that Service's ports.
package cross.ingress_backend

import data.lib.findings
import data.lib.kubernetes as k8s
import data.lib.selectors

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(b.ingress, null, detail) if {
	some b in _backends
	not _services(b.ingress, b.service.name)
	namespace := selectors.namespace_text(b.ingress)
	detail := sprintf("%s names Service %q, which does not exist in %s", [b.where, b.service.name, namespace])
}

_violations contains findings.problem(b.ingress, null, detail) if {
	some b in _backends
	services := _services(b.ingress, b.service.name)
	ref := object.get(b.service, "port", {})
	not _some_service_has_port(services, ref)
	ports := concat(", ", sort({_port_text(p) | some s in services; some p in _ports(s)}))
	port := _port_ref_text(ref)
	detail := sprintf("%s names %s of Service %q, which has ports [%s]", [b.where, port, b.service.name, ports])
}

# _backends is every Service backend of every Ingress, with where it is in the Ingress.
_backends contains {"ingress": ingress, "where": where, "service": path.backend.service} if {
	some ingress in selectors.objects_of_kind("Ingress")
	some i, rule in object.get(ingress, ["spec", "rules"], [])
	some j, path in object.get(rule, ["http", "paths"], [])
	is_object(path.backend.service)
	where := sprintf("spec.rules[%d].http.paths[%d].backend", [i, j])
}

_backends contains {"ingress": ingress, "where": "spec.defaultBackend", "service": service} if {
	some ingress in selectors.objects_of_kind("Ingress")
	service := ingress.spec.defaultBackend.service
	is_object(service)
}

# _services is the Services with that name in the namespace of obj (undefined when none).
_services(obj, name) := services if {
	services := {s |
		some s in selectors.of_kind_in("Service", k8s.namespace(obj))
		k8s.name(s) == name
		selectors.same_namespace(obj, s)
	}
	count(services) > 0
}

_some_service_has_port(services, _) if {
	some s in services
	object.get(s, ["spec", "type"], "ClusterIP") == "ExternalName"
}

_some_service_has_port(services, ref) if {
	some s in services
	some p in _ports(s)
	_port_matches(p, ref)
}

_port_matches(port, ref) if {
	is_number(ref.number)
	port.port == ref.number
}

_port_matches(port, ref) if {
	is_string(ref.name)
	ref.name != ""
	port.name == ref.name
}

_ports(service) := [p | some p in object.get(service, ["spec", "ports"], []); is_object(p)]

_port_ref_text(ref) := sprintf("port %v", [ref.number]) if {
	is_number(ref.number)
} else := sprintf("port %q", [ref.name]) if {
	is_string(ref.name)
} else := "no port"

_port_text(p) := sprintf("%v %q", [p.port, p.name]) if {
	is_string(p.name)
} else := sprintf("%v", [p.port])
