# METADATA
# title: Container port names are valid and unique in the pod
# description: |
#   A container port name must be an IANA_SVC_NAME: at most 15 characters, only lower-case
#   letters, digits and '-', at least one letter, no '-' at the start or end and no '--'.
#   Services (targetPort) and probes refer to ports by these names, so a name must also be
#   unique in the pod, across its containers and init containers. The API server refuses an
#   invalid name and a name repeated within one container (the JSON schemas only say string);
#   a name repeated in another container is accepted, but a named targetPort or probe port then
#   means whichever port comes first. High, as port-range: the manifest does not apply, or
#   traffic goes to the wrong port. (kube-linter invalid-target-ports checks the names too.)
# scope: package
# custom:
#   id: port-name
#   severity: high
#   kinds: [workloads]
#   remediation: Use a short lower-case name such as http, metrics or grpc (at most 15 characters), unique in the pod.
package networking.port_name

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(pod.object, port.container, detail) if {
	some [pod, ports] in _named_ports
	some port in ports
	problems := _problems(port.name)
	count(problems) > 0
	detail := sprintf("ports[%v].name %v is not a valid port name (IANA_SVC_NAME): %v", [port.index, json.marshal(port.name), concat("; ", problems)])
}

_violations contains findings.problem(pod.object, port.container, detail) if {
	some [pod, ports] in _named_ports
	some k, port in ports
	first := min({m | some m, other in ports; other.name == port.name})
	first < k
	earlier := ports[first]
	args := [port.index, json.marshal(port.name), earlier.index, _owner(earlier, port)]
	detail := sprintf("ports[%v].name %v is also the name of ports[%v] of %v; port names must be unique in the pod", args)
}

# _named_ports is each pod that names ports, with those ports: worked out once, for both rules.
_named_ports := [[pod, ports] |
	some pod in k8s.pods
	ports := _ports(pod.spec)
	count(ports) > 0
]

# _ports is every named port of the pod's containers and init containers, in order.
_ports(spec) := [{"container": k8s.container_name(container, type, i), "index": j, "name": port.name} |
	some type in ["containers", "initContainers"]
	some i, container in _array(object.get(spec, type, []))
	is_object(container)
	some j, port in _array(object.get(container, "ports", []))
	is_object(port)
	not object.get(port, "name", "") in {"", null}
]

_owner(earlier, port) := "the same container" if earlier.container == port.container

_owner(earlier, port) := sprintf("container %q", [earlier.container]) if earlier.container != port.container

_problems(name) := ["it must be a string"] if not is_string(name)

_problems(name) := [text | some [check, text] in _checks; _fails(check, name)] if is_string(name)

_checks := [
	["length", "at most 15 characters"],
	["characters", "only lower-case letters, digits and '-'"],
	["letter", "at least one letter"],
	["edges", "no '-' at the start or end"],
	["double", "no '--'"],
]

_fails("length", name) if count(name) > 15

_fails("characters", name) if not regex.match(`^[a-z0-9-]*$`, name)

_fails("letter", name) if not regex.match(`[a-z]`, name)

_fails("edges", name) if startswith(name, "-")

_fails("edges", name) if endswith(name, "-")

_fails("double", name) if contains(name, "--")

_array(value) := value if is_array(value)

_array(value) := [] if not is_array(value)
