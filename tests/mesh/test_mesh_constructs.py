"""``Mesh`` on ``WebService`` beyond the control-panel: no blue/green, no peers, scraping, refused props."""

from __future__ import annotations

from typing import Any

import cdk8s
import pytest

from constructs_lib.errors import PropsError
from constructs_lib.mesh import Mesh, ServiceMesh, ServiceMeshProps
from constructs_lib.network_policy import NamespacePeer
from constructs_lib.shape import NetworkAccess, Release
from constructs_lib.web_service import BlueGreen, WebService, WebServiceProps

RELEASE = Release(image="ghcr.io/example/shop:1.0.0", version="v1")
ISTIO_KINDS = {"PeerAuthentication", "AuthorizationPolicy", "DestinationRule", "VirtualService"}


def _render(**props: Any) -> dict[str, list[dict[str, Any]]]:
    chart = cdk8s.Chart(cdk8s.App(), "shop")
    WebService(chart, "shop", WebServiceProps(name="shop", namespace="shop", **props))
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for doc in chart.to_json():
        by_kind.setdefault(doc["kind"], []).append(doc)
    return by_kind


def test_no_mesh_no_istio_objects() -> None:
    assert not ISTIO_KINDS & set(_render(release=RELEASE))


def test_a_single_release_gets_mtls_and_authorization_but_no_subsets_or_split() -> None:
    docs = _render(release=RELEASE, mesh=Mesh())
    assert ISTIO_KINDS - {"VirtualService"} <= set(docs) and "VirtualService" not in docs
    (rule,) = docs["DestinationRule"]
    assert rule["spec"] == {"host": "shop.shop.svc.cluster.local", "trafficPolicy": {"tls": {"mode": "ISTIO_MUTUAL"}}}
    # No peers in network.ingress_from: an ALLOW policy without rules, which denies every request.
    (policy,) = docs["AuthorizationPolicy"]
    assert policy["spec"] == {"selector": {"matchLabels": {"app": "shop", "app.kubernetes.io/instance": "shop-shop"}}, "action": "ALLOW"}


def test_peers_become_rules_on_their_ports() -> None:
    peers = (NamespacePeer(namespace="gateway", ports=(8080, 8443)),)
    (policy,) = _render(release=RELEASE, network=NetworkAccess(ingress_from=peers), mesh=Mesh())["AuthorizationPolicy"]
    assert policy["spec"]["rules"] == [{"from": [{"source": {"namespaces": ["gateway"]}}], "to": [{"operation": {"ports": ["8080", "8443"]}}]}]


def test_a_service_monitor_scrapes_over_mtls() -> None:
    docs = _render(release=RELEASE, metrics_port=9090, service_monitor=True, mesh=Mesh(prometheus_certs="/certs/istio/"))
    (monitor,) = docs["ServiceMonitor"]
    (endpoint,) = monitor["spec"]["endpoints"]
    assert endpoint["scheme"] == "https"
    assert endpoint["tlsConfig"] == {
        "caFile": "/certs/istio/root-cert.pem", "certFile": "/certs/istio/cert-chain.pem", "keyFile": "/certs/istio/key.pem",
        "insecureSkipVerify": True,
    }  # fmt: skip


def test_without_the_namespace_the_mesh_objects_still_render() -> None:
    docs = _render(release=RELEASE, create_namespace=False, mesh=Mesh(control_plane_namespace="mesh-system"))
    assert "Namespace" not in docs and ISTIO_KINDS - {"VirtualService"} <= set(docs)
    (policy,) = docs["NetworkPolicy"]
    istiod = {"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "mesh-system"}}}], "ports": [{"port": 15012, "protocol": "TCP"}]}
    assert istiod in policy["spec"]["egress"]


@pytest.mark.parametrize(
    ("props", "prop"),
    [
        ({"release": RELEASE, "mesh": Mesh(weights={"green": 10})}, "mesh.weights"),
        ({"blue_green": BlueGreen(active="blue", slots={"blue": RELEASE, "green": RELEASE}), "mesh": Mesh(weights={"green": 101})}, "mesh.weights['green']"),
        ({"release": RELEASE, "mesh": Mesh(revision="1.24 canary")}, "mesh.revision"),
        ({"release": RELEASE, "mesh": Mesh(control_plane_namespace="Istio")}, "mesh.control_plane_namespace"),
        ({"release": RELEASE, "mesh": Mesh(prometheus_certs="certs")}, "mesh.prometheus_certs"),
        ({"release": RELEASE, "mesh": {"weights": {}}}, "mesh"),
    ],
)
def test_bad_mesh_props_are_refused_before_anything_renders(props: dict[str, Any], prop: str) -> None:
    with pytest.raises(PropsError) as error:
        _render(**props)
    assert prop in [p.prop for p in error.value.details], error.value


def test_the_parts_refuse_what_the_mesh_would_never_give_them() -> None:
    props = ServiceMeshProps(name="shop", namespace="shop", selector={}, port=0, weights={"blue": 50, "green": 40})
    with pytest.raises(PropsError) as error:
        ServiceMesh(cdk8s.Chart(cdk8s.App(), "shop"), "Mesh", props)
    assert {"selector", "port", "weights"} <= {p.prop for p in error.value.details}
