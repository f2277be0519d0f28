# METADATA
# title: PeerAuthentication requires mTLS
# description: |
#   An Istio PeerAuthentication whose spec.mtls.mode, or the mode of a port in
#   spec.portLevelMtls, is PERMISSIVE or DISABLE lets plain text in: callers outside the mesh
#   reach the workloads without a certificate, and an AuthorizationPolicy on principals or
#   namespaces cannot tell who they are. STRICT accepts mTLS only; UNSET (or no mode) inherits
#   from the namespace or the mesh, whose own PeerAuthentication this rule checks in turn.
#   (Istio security best practices: mutual TLS in STRICT mode.)
# scope: package
# custom:
#   id: mesh-peerauth-mtls
#   severity: high
#   kinds: [PeerAuthentication]
#   remediation: Set spec.mtls.mode (and every portLevelMtls mode) to STRICT, once every client is in the mesh.
package mesh.peerauth_mtls

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_open_modes := {"PERMISSIVE", "DISABLE"}

_peer_authentications contains obj if {
	some obj in k8s.objects_of("PeerAuthentication")
	startswith(object.get(obj, "apiVersion", ""), "security.istio.io/")
}

_violations contains findings.problem(obj, null, detail) if {
	some obj in _peer_authentications
	mode := obj.spec.mtls.mode
	mode in _open_modes
	detail := sprintf("spec.mtls.mode is %q: plain-text requests are accepted", [mode])
}

_violations contains findings.problem(obj, null, detail) if {
	some obj in _peer_authentications
	some port, setting in obj.spec.portLevelMtls
	setting.mode in _open_modes
	detail := sprintf("spec.portLevelMtls[%v].mode is %q: plain-text requests to that port are accepted", [port, setting.mode])
}
