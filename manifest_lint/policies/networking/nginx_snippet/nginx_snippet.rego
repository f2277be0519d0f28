# METADATA
# title: No ingress-nginx snippet annotations
# description: |
#   ingress-nginx snippet annotations (configuration-snippet, server-snippet, auth-snippet,
#   stream-snippet, modsecurity-snippet, ...) inject raw NGINX configuration; anyone who can
#   create an Ingress can read the controller's service account token and every Secret
#   (CVE-2021-25742, and CVE-2025-1974 family). (Kyverno
#   restrict-ingress-annotations, Gatekeeper.)
# scope: package
# custom:
#   id: net-nginx-snippet
#   severity: high
#   kinds: [Ingress]
#   remediation: Remove the snippet annotation and use a first-class ingress-nginx annotation or the controller ConfigMap instead.
package networking.nginx_snippet

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(obj, null, msg) if {
	some obj in k8s.objects_of("Ingress")
	some key, _ in k8s.annotations(obj)
	regex.match(`^nginx\.ingress\.kubernetes\.io/[a-z-]*snippet$`, key)
	msg := sprintf("metadata.annotations has %q (CVE-2021-25742)", [key])
}
