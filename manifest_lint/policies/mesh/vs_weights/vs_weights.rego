# METADATA
# title: VirtualService weights add up to 100
# description: |
#   An Istio VirtualService route (spec.http, spec.tcp or spec.tls) that splits traffic between
#   destinations should give weights that add up to 100 (a destination without a weight counts
#   0), as Istio's documentation asks. Istio 1.24 takes the weights as relative proportions, so
#   90 and 20 still route (82 and 18 percent), but not the split written down: a release that
#   moves traffic by percent is then wrong in every step. A route with one destination and no
#   weight sends it everything and is fine; one destination with a weight other than 100 is
#   reported, since the number says something that does not happen. (Istio's traffic-shifting
#   task and HTTPRouteDestination reference.)
# scope: package
# custom:
#   id: mesh-vs-weights
#   severity: medium
#   kinds: [VirtualService]
#   remediation: Make the destinations' weights of each route add up to 100 (e.g. 90 and 10).
package mesh.vs_weights

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(obj, null, detail) if {
	some obj in k8s.objects_of("VirtualService")
	startswith(object.get(obj, "apiVersion", ""), "networking.istio.io/")
	some protocol in ["http", "tcp", "tls"]
	some i, route in object.get(obj, ["spec", protocol], [])
	destinations := object.get(route, "route", [])
	_weighted(destinations)
	weights := [object.get(d, "weight", 0) | some d in destinations]
	sum(weights) != 100
	detail := sprintf("spec.%v[%d]%v: the weights %v of its destinations add up to %v, not 100", [protocol, i, _name(route), weights, sum(weights)])
}

# A route is weighted when it has more than one destination, or a destination with a weight.
_weighted(destinations) if count(destinations) > 1

_weighted(destinations) if {
	some d in destinations
	"weight" in object.keys(d)
}

_name(route) := sprintf(" (%q)", [route.name]) if route.name

_name(route) := "" if not route.name
