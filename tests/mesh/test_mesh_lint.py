"""The linter on the mesh objects: strict schemas of the pinned Istio CRDs, and the mesh rules on broken edits."""

from __future__ import annotations

import copy
import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from mesh_helpers import ROOT, production

from manifest_lint.gate import check_tree

CRDS = ROOT / "manifest_lint" / "schemas" / "crds"
ISTIO_SCHEMAS = {
    "authorizationpolicy_security.istio.io_v1.json", "authorizationpolicy_security.istio.io_v1beta1.json",
    "peerauthentication_security.istio.io_v1.json", "peerauthentication_security.istio.io_v1beta1.json",
    "destinationrule_networking.istio.io_v1.json", "destinationrule_networking.istio.io_v1beta1.json",
    "destinationrule_networking.istio.io_v1alpha3.json", "virtualservice_networking.istio.io_v1.json",
    "virtualservice_networking.istio.io_v1beta1.json", "virtualservice_networking.istio.io_v1alpha3.json",
}  # fmt: skip


@pytest.fixture(scope="module")
def meshed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    return production(tmp_path_factory.mktemp("mesh"), {"green": 10})


def _write(folder: Path, manifests: dict[str, dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, doc in manifests.items():
        (folder / name).write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return folder


def test_the_pinned_istio_schemas_are_v1_24_2_and_strict() -> None:
    present = {p.name for p in CRDS.glob("*istio.io*.json")}
    assert present == ISTIO_SCHEMAS
    for name in ISTIO_SCHEMAS:
        schema = json.loads((CRDS / name).read_text(encoding="utf-8"))
        assert "istio.io/api@v1.24.2 kubernetes/customresourcedefinitions.gen.yaml" in schema["$comment"]
        assert schema["properties"]["spec"]["additionalProperties"] is False
    readme = (CRDS / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in ISTIO_SCHEMAS)


def test_convert_crds_picks_kinds_out_of_a_file_of_many() -> None:
    spec = importlib.util.spec_from_file_location("crd_convert_mesh", ROOT / "scripts" / "convert_crds.py")
    assert spec is not None and spec.loader is not None
    convert = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(convert)

    def crd(kind: str) -> str:
        return yaml.safe_dump({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "spec": {"names": {"kind": kind}}})

    text = "---\n".join([crd("A"), crd("B"), "# a comment only\n", crd("C")])
    assert [c["spec"]["names"]["kind"] for c in convert.crds_in(text, ("C", "A"))] == ["C", "A"]
    assert len(convert.crds_in(text)) == 3
    with pytest.raises(ValueError, match="no CRD of kind D"):
        convert.crds_in(text, ("A", "D"))
    (istio,) = [s for s in convert.SOURCES if s[0] == "istio.io/api"]
    assert istio[1] == "v1.24.2" and set(istio[3]) == {"AuthorizationPolicy", "DestinationRule", "PeerAuthentication", "VirtualService"}


def test_the_meshed_render_is_clean(meshed: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    assert check_tree(_write(tmp_path / "production", meshed)) == []


def _edit(name: str, change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, dict[str, Any]]], dict[str, dict[str, Any]]]:
    def apply(manifests: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        edited = copy.deepcopy(manifests)
        change(edited[name])
        return edited

    return apply


def _route(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return doc["spec"]["http"][0]["route"]


MUTATIONS = {
    "permissive": (_edit("peerauthentication-control-panel.yaml", lambda d: d["spec"]["mtls"].update(mode="PERMISSIVE")), "mesh-peerauth-mtls"),
    "disable-port": (
        _edit("peerauthentication-control-panel.yaml", lambda d: d["spec"].update(portLevelMtls={"9090": {"mode": "DISABLE"}})),
        "mesh-peerauth-mtls",
    ),
    "allow-all": (_edit("authorizationpolicy-control-panel.yaml", lambda d: d["spec"]["rules"].append({})), "mesh-authz-allow-all"),
    "any-namespace": (
        _edit("authorizationpolicy-control-panel.yaml", lambda d: d["spec"]["rules"][0]["from"][0]["source"].update(namespaces=["*"])),
        "mesh-authz-allow-all",
    ),
    "weights-110": (_edit("virtualservice-control-panel.yaml", lambda d: _route(d)[1].update(weight=20)), "mesh-vs-weights"),
    "weight-missing": (_edit("virtualservice-control-panel.yaml", lambda d: _route(d)[0].pop("weight")), "mesh-vs-weights"),
    "subset-typo": (
        _edit("destinationrule-control-panel.yaml", lambda d: d["spec"]["subsets"][1]["labels"].update(slot="gren")),
        "mesh-subset-selects-pods",
    ),
    "unknown-field": (_edit("virtualservice-control-panel.yaml", lambda d: d["spec"].update(weights={"green": 10})), "schema"),
    "bad-mode": (_edit("peerauthentication-control-panel.yaml", lambda d: d["spec"]["mtls"].update(mode="strict")), "schema"),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_a_broken_mesh_object_is_caught(meshed: dict[str, dict[str, Any]], tmp_path: Path, mutation: str) -> None:
    edit, rule = MUTATIONS[mutation]
    problems = check_tree(_write(tmp_path / "production", edit(meshed)))
    assert problems, f"{mutation}: nothing found"
    if rule == "schema":
        assert any("virtualservice" in p or "peerauthentication" in p for p in problems), problems
        assert not any(p.split(": ")[1].startswith("mesh-") for p in problems if ": " in p), problems
    else:
        assert any(f"{rule}:" in p for p in problems), problems
