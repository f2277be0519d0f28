"""Turn a cdk8s ``App`` into files: one file per object, stable YAML, in a folder per chart.

``collect`` walks the charts; ``write_tree`` writes what it found below a new folder.
Output is deterministic: the same app gives byte-identical files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

METADATA_FILE = "construct-metadata.json"
"""Which construct wrote each file, for the cdk8s CLI's validation plugins."""


class SynthError(ValueError):
    """The app cannot be written as files (two objects would share one file)."""


@dataclass(frozen=True)
class RenderedObject:
    """One Kubernetes object: the folder it goes to, its file name, its content and its construct path."""

    folder: str
    """The folder it is written to: the id of its chart."""
    file_name: str
    """Its file name in that folder, ``<kind>-<name>.yaml``."""
    manifest: Mapping[str, Any]
    """The object as cdk8s renders it (``ApiObject.to_json()``)."""
    construct_path: str
    """The path of the construct that wrote it, for the cdk8s CLI's validation plugins."""

    @property
    def relative_path(self) -> str:
        return f"{self.folder}/{self.file_name}"


def file_name(manifest: Mapping[str, Any]) -> str:
    """``Deployment`` named ``web`` -> ``deployment-web.yaml``."""
    return f"{manifest['kind'].lower()}-{manifest['metadata']['name']}.yaml"


def collect(app: Any) -> list[RenderedObject]:
    """Every ApiObject of every chart of a cdk8s ``App``, in construct-tree order; ``SynthError`` on clashes."""
    import cdk8s  # noqa: PLC0415 - starts jsii; only when synthesizing

    objects: list[RenderedObject] = []
    for chart in app.charts:
        for construct in chart.node.find_all():
            if isinstance(construct, cdk8s.ApiObject):
                manifest = construct.to_json()
                objects.append(RenderedObject(chart.node.id, file_name(manifest), manifest, construct.node.path))
    seen: dict[str, str] = {}
    clashes = []
    for obj in objects:
        if obj.relative_path in seen:
            clashes.append(f"{obj.relative_path}: written by both {seen[obj.relative_path]} and {obj.construct_path}")
        seen[obj.relative_path] = obj.construct_path
    if clashes:
        raise SynthError("two objects would share a file:\n" + "\n".join(f"  - {c}" for c in clashes))
    return objects


# Plain scalars that YAML 1.1 readers (go-yaml v2 in kubectl, ArgoCD, conftest) take for a bool
# or a number although PyYAML writes them unquoted: y/n/on/off and number-like words.
_YAML11_AMBIGUOUS = re.compile(
    r"y|Y|n|N|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF"
    r"|[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])*)"  # YAML 1.1 ints, octal, sexagesimal
    r"|[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"  # floats, 1e3
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)


class _Dumper(yaml.CSafeDumper):
    """Quotes every string that a YAML 1.1 reader could read as something else (libyaml's emitter: 10x the pure-Python one)."""

    def represent_str(self, data: str) -> yaml.ScalarNode:
        if _YAML11_AMBIGUOUS.fullmatch(data):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style="'")
        return super().represent_str(data)


_Dumper.add_representer(str, _Dumper.represent_str)


_NO_FOLDING = 2**31 - 1
"""Line width: no string is ever folded over lines (libyaml and the pure-Python emitter fold long ones differently)."""


def to_yaml(manifest: Mapping[str, Any], header: str = "") -> str:
    """Stable YAML: sorted keys, block style, no line wrapping, strings that stay strings; ``header`` first."""
    body = yaml.dump(dict(manifest), Dumper=_Dumper, sort_keys=True, default_flow_style=False, width=_NO_FOLDING, allow_unicode=True)
    return header + body


def write_tree(objects: Iterable[RenderedObject], root: Path, *, header: str = "", construct_metadata: bool = False) -> None:
    """Write the objects below ``root`` (created if missing; files of the same names are replaced)."""
    root.mkdir(parents=True, exist_ok=True)
    metadata: dict[str, Any] = {"version": "1.0.0", "resources": {}}
    for obj in objects:
        path = root / obj.folder / obj.file_name
        path.parent.mkdir(exist_ok=True)
        path.write_text(to_yaml(obj.manifest, header), encoding="utf-8")
        metadata["resources"][f"{obj.relative_path}#0"] = {"path": obj.construct_path}
    if construct_metadata:
        # Read by the cdk8s CLI's validation plugins; outside the environment folders,
        # so ArgoCD (pointed at dist/<environment>) never sees it.
        (root / METADATA_FILE).write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n", encoding="utf-8")
