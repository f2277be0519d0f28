# METADATA
# title: Ingress serves every host over TLS
# description: |
#   An Ingress must have spec.tls, and every rule host must be listed in some spec.tls[].hosts
#   (exactly, or by a "*.domain" entry one level up); otherwise that host is served in clear
#   text or with the controller's default certificate. (Kubescape,
#   Polaris, conftest examples.)
# scope: package
# custom:
#   id: net-ingress-tls
#   severity: high
#   kinds: [Ingress]
#   remediation: Add a spec.tls entry with a certificate Secret whose hosts cover every rule host.
package networking.ingress_tls

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_ingresses contains obj if {
	some obj in k8s.objects_of("Ingress")
	regex.match(`^(networking\.k8s\.io|extensions)/`, obj.apiVersion)
}

_violations contains findings.problem(obj, null, "spec.tls is not set: the Ingress serves plain HTTP") if {
	some obj in _ingresses
	count(object.get(obj, ["spec", "tls"], [])) == 0
}

_violations contains findings.problem(obj, null, msg) if {
	some obj in _ingresses
	count(object.get(obj, ["spec", "tls"], [])) > 0
	some rule in object.get(obj, ["spec", "rules"], [])
	host := rule.host
	host != ""
	not _covered(obj, host)
	msg := sprintf("spec.rules[].host %q is not in any spec.tls[].hosts", [host])
}

_covered(obj, host) if {
	some tls in obj.spec.tls
	some tls_host in object.get(tls, "hosts", [])
	_matches(tls_host, host)
}

_matches(pattern, host) if pattern == host

_matches(pattern, host) if {
	startswith(pattern, "*.")
	suffix := substring(pattern, 1, -1)
	endswith(host, suffix)
	not contains(trim_suffix(host, suffix), ".")
}
