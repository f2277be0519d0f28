"""Convert pinned upstream CRDs into the strict JSON schemas of this folder.

Usage (needs Go and the Go module proxy; the output is committed, so a render never does this):

    .venv/bin/python scripts/convert_crds.py

For every CRD of ``SOURCES`` it runs ``go mod download -json <module>@<version>``, reads the
CRD YAML from the module's source, and writes one schema per served version as
``<kind>_<group>_<version>.json``, converted by ``manifest_lint.crd_schemas`` (the same conversion the
linter applies to CRDs found in its input). Then, from the Gatekeeper module, it writes the schemas of
ConstraintTemplate and of the Constraints of ``manifest_lint.gatekeeper``'s templates (the CRD Gatekeeper
creates for each) and removes those no template needs any more.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from manifest_lint.crd_schemas import file_name, schema_for, strict  # noqa: F401 - strict: the conversion the tests check
from manifest_lint.gatekeeper import generate
from manifest_lint.gatekeeper.crd import constraint_schemas, stale_schemas, template_schemas
from manifest_lint.gatekeeper.generate import GATEKEEPER_MODULE, GATEKEEPER_VERSION

HERE = Path(__file__).resolve().parent.parent / "manifest_lint" / "schemas" / "crds"

# (Go module, version, path of the CRD file inside the module[, the kinds to pick out of a file of many CRDs])
ISTIO_KINDS = ("AuthorizationPolicy", "DestinationRule", "PeerAuthentication", "VirtualService")
SOURCES: tuple[tuple[Any, ...], ...] = (
    ("github.com/argoproj/argo-cd/v3", "v3.5.7", "manifests/crds/application-crd.yaml"),
    ("github.com/argoproj/argo-cd/v3", "v3.5.7", "manifests/crds/appproject-crd.yaml"),
    ("github.com/fluxcd/source-controller", "v1.9.6", "config/crd/bases/source.toolkit.fluxcd.io_gitrepositories.yaml"),
    ("github.com/fluxcd/kustomize-controller", "v1.9.6", "config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml"),
    ("github.com/prometheus-operator/prometheus-operator", "v0.85.0", "example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml"),
    ("github.com/prometheus-operator/prometheus-operator", "v0.85.0", "example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml"),
    ("github.com/prometheus-operator/prometheus-operator", "v0.85.0", "example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml"),
    ("istio.io/api", "v1.24.2", "kubernetes/customresourcedefinitions.gen.yaml", ISTIO_KINDS),
)


def crds_in(text: str, kinds: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The CRDs of a (multi-document) CRD file: every one, or, with ``kinds``, the CRD of each of them (in that order)."""
    documents = [d for d in yaml.safe_load_all(text) if isinstance(d, dict) and d.get("kind") == "CustomResourceDefinition"]
    if not kinds:
        return documents
    by_kind = {d["spec"]["names"]["kind"]: d for d in documents}
    missing = [k for k in kinds if k not in by_kind]
    if missing:
        raise ValueError(f"no CRD of kind {', '.join(missing)} in the file (it has {', '.join(sorted(by_kind))})")
    return [by_kind[k] for k in kinds]


def schemas_of(source: tuple[Any, ...], module_dir: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(file name, strict schema) of every served version of every CRD a source names, read from the downloaded module.

    A source is ``(module, version, path)`` for every CRD of a file, or ``(module, version, path, kinds)`` to pick
    the CRDs of those kinds out of a file of many (Istio's ``kubernetes/customresourcedefinitions.gen.yaml``).
    """
    module, module_version, crd_path, *picked = source
    kinds = tuple(picked[0]) if picked else ()
    for crd in crds_in((module_dir / crd_path).read_text(encoding="utf-8"), kinds):
        for version in crd["spec"]["versions"]:
            if not version.get("served", False):
                continue
            name = file_name(crd["spec"]["group"], version["name"], crd["spec"]["names"]["kind"])
            yield name, schema_for(crd, version, f"{module}@{module_version} {crd_path}")


def main() -> int:
    for source in SOURCES:
        module, module_version = source[0], source[1]
        listing = subprocess.run(["go", "mod", "download", "-json", f"{module}@{module_version}"], capture_output=True, text=True, check=True)  # noqa: S607
        for name, schema in schemas_of(source, Path(json.loads(listing.stdout)["Dir"])):
            target = HERE / name
            target.write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            print(f"{target.name} <- {module}@{module_version} {source[2]}")
    # Gatekeeper: ConstraintTemplate (its file holds two CRDs), and the Constraints of manifest_lint.gatekeeper's templates: the CRDs
    # Gatekeeper creates for them (spec.match from its match CRD).
    listing = subprocess.run(["go", "mod", "download", "-json", f"{GATEKEEPER_MODULE}@{GATEKEEPER_VERSION}"], capture_output=True, text=True, check=True)  # noqa: S607
    gatekeeper, admission = Path(json.loads(listing.stdout)["Dir"]), generate()
    for target, schema in {**template_schemas(gatekeeper), **constraint_schemas(gatekeeper, admission)}.items():
        (HERE / target).write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{target} <- {schema['$comment'].split(' from ', 1)[1].split(';', 1)[0]}")
    for path in stale_schemas(admission, HERE):
        path.unlink()
        print(f"removed {path.name} (no template needs it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
