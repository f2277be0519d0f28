"""The mesh on the control-panel's render: which objects, the weights and subsets, and a release step by step.

environments.yaml keeps the mesh off (the cluster does not run Istio yet), so these tests turn it on in a
copy of the file and render that, as `python main.py` would.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from mesh_helpers import MESH_KINDS, environments_with, of_kind, one, production, render, vs_weights

POD_SELECTOR = {"app": "control-panel", "app.kubernetes.io/instance": "control-panel-production"}
HOST = "control-panel.production.svc.cluster.local"


def test_mesh_off_is_the_same_render_as_no_mesh_section(tmp_path: Path) -> None:
    off = render(environments_with(tmp_path, {"enabled": False, "weights": {"green": 50}}))
    assert not [doc for doc in off.values() if doc["kind"] in MESH_KINDS]
    assert off == render(environments_with(tmp_path, None))


def test_mesh_objects_are_rendered_one_file_each(tmp_path: Path) -> None:
    manifests = production(tmp_path, {"green": 10})
    for kind in MESH_KINDS:
        doc = manifests[f"{kind.lower()}-control-panel.yaml"]
        assert doc["kind"] == kind
        assert doc["metadata"]["namespace"] == "production"
        assert doc["apiVersion"] in ("security.istio.io/v1", "networking.istio.io/v1")


def test_peer_authentication_is_strict_for_every_slot(tmp_path: Path) -> None:
    spec = one(production(tmp_path, {"green": 10}), "PeerAuthentication")["spec"]
    assert spec == {"selector": {"matchLabels": POD_SELECTOR}, "mtls": {"mode": "STRICT"}}


def test_authorization_policy_allows_the_network_policy_peers_only(tmp_path: Path) -> None:
    manifests = production(tmp_path, {"green": 10})
    spec = one(manifests, "AuthorizationPolicy")["spec"]
    assert spec["action"] == "ALLOW" and spec["selector"] == {"matchLabels": POD_SELECTOR}
    allowed = {(r["from"][0]["source"]["namespaces"][0], tuple(r["to"][0]["operation"]["ports"])) for r in spec["rules"]}
    ingress = one(manifests, "NetworkPolicy")["spec"]["ingress"]
    peers = {(r["from"][0]["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"], tuple(str(p["port"]) for p in r["ports"])) for r in ingress}
    assert allowed == peers == {("ingress-nginx", ("80",)), ("monitoring", ("9090",))}


def test_destination_rule_has_one_subset_per_slot_matching_its_deployment(tmp_path: Path) -> None:
    manifests = production(tmp_path, {"green": 10})
    spec = one(manifests, "DestinationRule")["spec"]
    assert spec["host"] == HOST
    assert spec["trafficPolicy"] == {"tls": {"mode": "ISTIO_MUTUAL"}}
    deployments = {d["metadata"]["name"]: d["spec"]["template"]["metadata"]["labels"] for d in of_kind(manifests, "Deployment")}
    assert [s["name"] for s in spec["subsets"]] == ["blue", "green"]
    service = one(manifests, "Service")["spec"]["selector"]
    for subset in spec["subsets"]:
        pods = deployments[f"control-panel-{subset['name']}"]
        # The subset (with the Service's selector) selects its slot's pods, and not the other slot's.
        assert {**service, **subset["labels"]}.items() <= pods.items()
        others = [labels for name, labels in deployments.items() if name != f"control-panel-{subset['name']}"]
        assert all(not subset["labels"].items() <= labels.items() for labels in others)


def test_virtual_service_splits_the_http_port_by_the_weights(tmp_path: Path) -> None:
    manifests = production(tmp_path, {"green": 10})
    spec = one(manifests, "VirtualService")["spec"]
    assert spec["hosts"] == [HOST] and "gateways" not in spec
    (route,) = spec["http"]
    assert route["match"] == [{"port": 80}]
    assert route["route"] == [
        {"destination": {"host": HOST, "subset": "blue", "port": {"number": 80}}, "weight": 90},
        {"destination": {"host": HOST, "subset": "green", "port": {"number": 80}}, "weight": 10},
    ]
    http_port = next(p for p in one(manifests, "Service")["spec"]["ports"] if p["name"] == "http")
    assert http_port["port"] == 80


def _follows(manifests: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What the HPA, PDB, Service and version label follow."""
    deployments = {d["metadata"]["name"]: d for d in of_kind(manifests, "Deployment")}
    hpa_target = one(manifests, "HorizontalPodAutoscaler")["spec"]["scaleTargetRef"]["name"]
    return {
        "weights": vs_weights(manifests),
        "hpa": hpa_target,
        "pdb": one(manifests, "PodDisruptionBudget")["spec"]["selector"]["matchLabels"].get("slot"),
        "service": one(manifests, "Service")["spec"]["selector"],
        "fixed_replicas": {name: d["spec"].get("replicas") for name, d in deployments.items()},
        "version": one(manifests, "Service")["metadata"]["labels"]["version"],
    }


@pytest.mark.parametrize(
    ("green", "primary"),
    [(0, "blue"), (10, "blue"), (50, "blue"), (100, "green")],  # 50: a tie, which blue_green.active (blue) breaks
)
def test_a_release_moves_one_value(tmp_path: Path, green: int, primary: str) -> None:
    follows = _follows(production(tmp_path, {"green": green}))
    assert follows["weights"] == {"blue": 100 - green, "green": green}
    assert follows["hpa"] == f"control-panel-{primary}"
    assert follows["pdb"] == primary
    assert follows["service"] == POD_SELECTOR  # both slots' pods: the weights choose
    other = "green" if primary == "blue" else "blue"
    assert follows["fixed_replicas"] == {f"control-panel-{primary}": None, f"control-panel-{other}": 3}


def test_the_new_slot_gives_the_version_label_once_it_leads(tmp_path: Path) -> None:
    new = {"image": "ghcr.io/omnitide/control-panel:v1.1.0", "version": "v1.1.0"}
    old = {"image": "ghcr.io/omnitide/control-panel:v1.0.0", "version": "v1.0.0"}
    slots = {"active": "blue", "slots": {"blue": old, "green": new}}
    versions = {}
    for green in (10, 100):
        path = environments_with(tmp_path, {"enabled": True, "weights": {"green": green}}, blue_green=slots)
        versions[green] = render(path)["production/service-control-panel.yaml"]["metadata"]["labels"]["version"]
    assert versions == {10: "v1.0.0", 100: "v1.1.0"}


def test_a_rollback_is_one_value_back(tmp_path: Path) -> None:
    before = production(tmp_path, {"green": 0})
    production(tmp_path, {"green": 50})
    assert production(tmp_path, {"green": 0}) == before
    # Listing both slots is the same as leaving one out.
    assert production(tmp_path, {"blue": 100, "green": 0}) == before
    # No weights: everything to blue_green.active, as without the mesh.
    assert vs_weights(production(tmp_path)) == {"blue": 100, "green": 0}


def test_meshed_namespace_network_policy_ingress_and_scrape(tmp_path: Path) -> None:
    manifests = production(tmp_path, {"green": 10})
    assert one(manifests, "Namespace")["metadata"]["labels"]["istio-injection"] == "enabled"
    for deployment in of_kind(manifests, "Deployment"):  # injection by the namespace label: the selectors stay as they were
        assert set(deployment["spec"]["selector"]["matchLabels"]) == {*POD_SELECTOR, "slot"}
    green = manifests["deployment-control-panel-green.yaml"]["metadata"]["annotations"]
    assert "larger weight" in green["policy.omnitide.dev/waive-cross-workload-pdb"]
    egress = one(manifests, "NetworkPolicy")["spec"]["egress"]
    istiod = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "istio-system"}}}
    assert {"to": [istiod], "ports": [{"port": 15012, "protocol": "TCP"}]} in egress
    annotations = one(manifests, "Ingress")["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/service-upstream"] == "true"
    assert annotations["nginx.ingress.kubernetes.io/upstream-vhost"] == HOST
    for monitor in of_kind(manifests, "ServiceMonitor"):  # scraped over mTLS (test_mesh_constructs.py)
        assert {e["scheme"] for e in monitor["spec"]["endpoints"]} == {"https"}


def test_a_revision_labels_for_that_injector(tmp_path: Path) -> None:
    manifests = production(tmp_path, {"green": 10}, revision="1-24-2")
    labels = one(manifests, "Namespace")["metadata"]["labels"]
    assert labels["istio.io/rev"] == "1-24-2" and "istio-injection" not in labels


@pytest.mark.parametrize(
    ("mesh", "message"),
    [
        ({"enabled": True, "weights": {"green": 120}}, "production.mesh.weights.green: 120: must be a percent, an integer from 0 to 100"),
        ({"enabled": True, "weights": {"green": 60, "blue": 60}}, "production.mesh.weights: {'green': 60, 'blue': 60}: percents that add up to 100"),
        ({"enabled": True, "weights": {"purple": 10}}, "production.mesh.weights: 'purple': one of the slots ['blue', 'green']"),
        ({"enabled": True, "weight": {"green": 10}}, "production.mesh.weight: unknown key (allowed: enabled, revision, weights)"),
        ({"weights": {"green": 10}}, "production.mesh.enabled: missing (required)"),
    ],
)
def test_bad_mesh_settings_are_named_by_their_key(tmp_path: Path, mesh: dict[str, Any], message: str) -> None:
    import environments

    with pytest.raises(environments.ConfigError) as error:
        render(environments_with(tmp_path, mesh))
    assert message in str(error.value)


def test_the_render_with_the_mesh_passes_the_gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`python main.py` with the mesh on: strict schemas (the pinned Istio CRDs) and the whole policy pack pass."""
    import main

    out = tmp_path / "dist"
    monkeypatch.setenv("CDK8S_OUTDIR", str(out))
    monkeypatch.setenv("CONTROL_PANEL_ENVIRONMENTS", str(environments_with(tmp_path, {"enabled": True, "weights": {"green": 10}})))
    monkeypatch.delenv("CONTROL_PANEL_POLICY_CHECK", raising=False)
    assert main.main() == 0
    written = {p.name for p in (out / "production").iterdir()}
    assert {f"{kind.lower()}-control-panel.yaml" for kind in MESH_KINDS} <= written
    assert os.listdir(out / "staging")
