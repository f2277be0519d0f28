"""Render cdk8s charts into a ``dist/``-style tree, validate it, and publish it atomically.

One folder per chart (environment), one file per object, named ``<kind>-<name>.yaml``.
Nothing reaches the output folder unless every file passed validation: the tree is
written to a staging folder beside it, validated, then swapped in with renames, so a
failed or interrupted render leaves the previous output whole.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HEADER = "# Rendered by `python main.py` (cdk8s) from environments.yaml. Do not edit: change the source and render.\n"
METADATA_FILE = "construct-metadata.json"
LAST_GOOD = Path(".cache") / "last-good-render"


class RenderError(RuntimeError):
    """Rendering or validation failed; the message lists every problem."""


@dataclass(frozen=True)
class RenderedObject:
    """One Kubernetes object: the folder it goes to, its file name, its content and its construct path."""

    folder: str
    file_name: str
    manifest: Mapping[str, Any]
    construct_path: str

    @property
    def relative_path(self) -> str:
        return f"{self.folder}/{self.file_name}"


def file_name(manifest: Mapping[str, Any]) -> str:
    """``Deployment`` named ``web`` -> ``deployment-web.yaml``."""
    return f"{manifest['kind'].lower()}-{manifest['metadata']['name']}.yaml"


def collect(app: Any) -> list[RenderedObject]:
    """Every ApiObject of every chart of a cdk8s ``App``, in construct-tree order."""
    import cdk8s  # noqa: PLC0415 - heavy import, needed only when rendering

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
        raise RenderError("two objects would share a file:\n" + "\n".join(f"  - {c}" for c in clashes))
    return objects


# Plain scalars that YAML 1.1 readers (go-yaml v2 in kubectl, ArgoCD, conftest) take for a bool
# or a number although PyYAML writes them unquoted: y/n/on/off and number-like words.
_YAML11_AMBIGUOUS = re.compile(
    r"y|Y|n|N|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF"
    r"|[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])*)"  # YAML 1.1 ints, octal, sexagesimal
    r"|[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"  # floats, 1e3
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)


class _Dumper(yaml.SafeDumper):
    """Quotes every string that a YAML 1.1 reader could read as something else."""

    def represent_str(self, data: str) -> yaml.ScalarNode:
        if _YAML11_AMBIGUOUS.fullmatch(data):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style="'")
        return super().represent_str(data)


_Dumper.add_representer(str, _Dumper.represent_str)


def to_yaml(manifest: Mapping[str, Any]) -> str:
    """Stable YAML: sorted keys, block style, no line wrapping, strings that stay strings."""
    body = yaml.dump(dict(manifest), Dumper=_Dumper, sort_keys=True, default_flow_style=False, width=10_000, allow_unicode=True)
    return HEADER + body


def write_tree(objects: Iterable[RenderedObject], root: Path, *, construct_metadata: bool = False) -> None:
    """Write the objects below ``root`` (which must not exist yet)."""
    root.mkdir(parents=True)
    metadata: dict[str, Any] = {"version": "1.0.0", "resources": {}}
    for obj in objects:
        path = root / obj.folder / obj.file_name
        path.parent.mkdir(exist_ok=True)
        path.write_text(to_yaml(obj.manifest), encoding="utf-8")
        metadata["resources"][f"{obj.relative_path}#0"] = {"path": obj.construct_path}
    if construct_metadata:
        # Read by the cdk8s CLI's validation plugins; outside the environment folders,
        # so ArgoCD (pointed at dist/<environment>) never sees it.
        (root / METADATA_FILE).write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def publish(
    objects: list[RenderedObject],
    outdir: Path,
    validate: Callable[[Path], list[str]],
    *,
    construct_metadata: bool = False,
) -> None:
    """Write, validate and swap the rendered tree into ``outdir``; raise ``RenderError`` on any problem.

    On failure ``outdir`` is left exactly as it was. When ``outdir`` is already gone (the
    cdk8s CLI deletes it before running the app), the last good render is restored.
    """
    outdir = outdir.resolve()
    outdir.parent.mkdir(parents=True, exist_ok=True)
    staging = outdir.parent / f".{outdir.name}.staging-{os.getpid()}"
    backup = outdir.parent / f".{outdir.name}.previous-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        write_tree(objects, staging, construct_metadata=construct_metadata)
        problems = validate(staging)
        if problems:
            raise RenderError(f"validation failed, {outdir} left unchanged:\n" + "\n".join(f"  - {p}" for p in problems))
        if outdir.exists():
            outdir.rename(backup)
        staging.rename(outdir)
        shutil.rmtree(backup, ignore_errors=True)
        _save_last_good(outdir)
    except BaseException:
        if not outdir.exists() and backup.exists():
            backup.rename(outdir)
        if not outdir.exists():
            _restore_last_good(outdir)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _last_good_dir(outdir: Path) -> Path:
    return outdir.parent / LAST_GOOD / outdir.name


def _save_last_good(outdir: Path) -> None:
    snapshot = _last_good_dir(outdir)
    with contextlib.suppress(OSError):
        shutil.rmtree(snapshot, ignore_errors=True)
        shutil.copytree(outdir, snapshot)


def _restore_last_good(outdir: Path) -> None:
    snapshot = _last_good_dir(outdir)
    if snapshot.is_dir():
        with contextlib.suppress(OSError):
            shutil.copytree(snapshot, outdir)


def recover_interrupted(outdir: Path) -> None:
    """Put back an output folder that a render killed between its two renames left aside."""
    outdir = outdir.resolve()
    if outdir.exists():
        return
    leftovers = sorted(outdir.parent.glob(f".{outdir.name}.previous-*"))
    if leftovers:
        leftovers[-1].rename(outdir)
