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
from pathlib import Path

import yaml

from manifest_lint.crd_schemas import file_name, schema_for, strict  # noqa: F401 - strict: the conversion the tests check
from manifest_lint.gatekeeper import generate
from manifest_lint.gatekeeper.crd import constraint_schemas, stale_schemas, template_schemas
from manifest_lint.gatekeeper.generate import GATEKEEPER_MODULE, GATEKEEPER_VERSION

HERE = Path(__file__).resolve().parent.parent / "manifest_lint" / "schemas" / "crds"

# (Go module, version, path of the CRD file inside the module)
SOURCES = (
    ("github.com/argoproj/argo-cd/v3", "v3.5.7", "manifests/crds/application-crd.yaml"),
    ("github.com/argoproj/argo-cd/v3", "v3.5.7", "manifests/crds/appproject-crd.yaml"),
    ("github.com/fluxcd/source-controller", "v1.9.6", "config/crd/bases/source.toolkit.fluxcd.io_gitrepositories.yaml"),
    ("github.com/fluxcd/kustomize-controller", "v1.9.6", "config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml"),
    ("github.com/prometheus-operator/prometheus-operator", "v0.85.0", "example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml"),
    ("github.com/prometheus-operator/prometheus-operator", "v0.85.0", "example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml"),
    ("github.com/prometheus-operator/prometheus-operator", "v0.85.0", "example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml"),
)


def main() -> int:
    for module, module_version, crd_path in SOURCES:
        listing = subprocess.run(["go", "mod", "download", "-json", f"{module}@{module_version}"], capture_output=True, text=True, check=True)  # noqa: S607
        crd = yaml.safe_load((Path(json.loads(listing.stdout)["Dir"]) / crd_path).read_text(encoding="utf-8"))
        for version in crd["spec"]["versions"]:
            if not version.get("served", False):
                continue
            source = f"{module}@{module_version} {crd_path}"
            schema = schema_for(crd, version, source)
            target = HERE / file_name(crd["spec"]["group"], version["name"], crd["spec"]["names"]["kind"])
            target.write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            print(f"{target.name} <- {source}")
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
