package mesh.peerauth_mtls_test

import data.mesh.peerauth_mtls

_pa(spec) := {
	"apiVersion": "security.istio.io/v1",
	"kind": "PeerAuthentication",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": spec,
}

test_strict_allowed if {
	count(peerauth_mtls.deny) == 0 with input as _pa({"mtls": {"mode": "STRICT"}})
	count(peerauth_mtls.deny) == 0 with input as _pa({"selector": {"matchLabels": {"app": "web"}}, "mtls": {"mode": "STRICT"}})
}

test_unset_or_missing_inherits if {
	count(peerauth_mtls.deny) == 0 with input as _pa({"mtls": {"mode": "UNSET"}})
	count(peerauth_mtls.deny) == 0 with input as _pa({})
}

test_permissive_denied if {
	some f in peerauth_mtls.deny with input as _pa({"mtls": {"mode": "PERMISSIVE"}})
	f.rule_id == "mesh-peerauth-mtls"
	f.msg == `mesh-peerauth-mtls: PeerAuthentication/shop/web: spec.mtls.mode is "PERMISSIVE": plain-text requests are accepted`
}

test_disable_denied if {
	count(peerauth_mtls.deny) == 1 with input as _pa({"mtls": {"mode": "DISABLE"}})
}

test_port_level_denied if {
	spec := {"mtls": {"mode": "STRICT"}, "portLevelMtls": {"9090": {"mode": "PERMISSIVE"}, "8080": {"mode": "STRICT"}}}
	some f in peerauth_mtls.deny with input as _pa(spec)
	f.msg == `mesh-peerauth-mtls: PeerAuthentication/shop/web: spec.portLevelMtls[9090].mode is "PERMISSIVE": plain-text requests to that port are accepted`
	count(peerauth_mtls.deny) == 1 with input as _pa(spec)
}

test_v1beta1_checked_other_groups_not if {
	beta := json.patch(_pa({"mtls": {"mode": "DISABLE"}}), [{"op": "replace", "path": "/apiVersion", "value": "security.istio.io/v1beta1"}])
	count(peerauth_mtls.deny) == 1 with input as beta
	other := json.patch(beta, [{"op": "replace", "path": "/apiVersion", "value": "example.com/v1"}])
	count(peerauth_mtls.deny) == 0 with input as other
}

test_waived if {
	waived := json.patch(_pa({"mtls": {"mode": "PERMISSIVE"}}), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-mesh-peerauth-mtls": "migration: clients join the mesh this week; expires=2099-01-01"},
	}])
	count(peerauth_mtls.deny) == 0 with input as waived
	count(peerauth_mtls.warn) == 1 with input as waived
}
