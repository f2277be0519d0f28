"""The control-panel rendered with the mesh on: environments.yaml with a ``mesh`` section of the test's choosing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
ENVIRONMENTS = ROOT / "environments.yaml"
MESH_KINDS = ("PeerAuthentication", "AuthorizationPolicy", "DestinationRule", "VirtualService")


def environments_with(tmp: Path, mesh: dict[str, Any] | None, **production: Any) -> Path:
    """A copy of environments.yaml whose production has this ``mesh`` section (None: none) and other values."""
    settings = yaml.safe_load(ENVIRONMENTS.read_text(encoding="utf-8"))
    settings["production"].pop("mesh", None)
    if mesh is not None:
        settings["production"]["mesh"] = mesh
    settings["production"].update(production)
    path = tmp / "environments.yaml"
    path.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return path


def render(path: Path) -> dict[str, dict[str, Any]]:
    """``<environment>/<file>`` -> manifest of every environment of ``path`` (no GitOps chart)."""
    import environments
    import main
    from constructs_lib import synth

    return {obj.relative_path: dict(obj.manifest) for obj in synth.collect(main.build_app(environments.load(path), None, path))}


def production(tmp: Path, weights: dict[str, int] | None = None, **mesh: Any) -> dict[str, dict[str, Any]]:
    """Production's manifests (by file name) with the mesh on and these weights."""
    body: dict[str, Any] = {"enabled": True, **mesh}
    if weights is not None:
        body["weights"] = weights
    rendered = render(environments_with(tmp, body))
    return {name.removeprefix("production/"): doc for name, doc in rendered.items() if name.startswith("production/")}


def of_kind(manifests: dict[str, dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [doc for doc in manifests.values() if doc["kind"] == kind]


def one(manifests: dict[str, dict[str, Any]], kind: str) -> dict[str, Any]:
    (doc,) = of_kind(manifests, kind)
    return doc


def vs_weights(manifests: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Subset -> weight of the VirtualService's one HTTP route."""
    (route,) = one(manifests, "VirtualService")["spec"]["http"]
    return {d["destination"]["subset"]: d["weight"] for d in route["route"]}
