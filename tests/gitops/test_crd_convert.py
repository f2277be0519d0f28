"""scripts/convert_crds.py: the conversion rules, and that the committed schemas are what it makes from the pinned CRDs."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
CRDS = ROOT / "manifest_lint" / "schemas" / "crds"


def _convert() -> ModuleType:
    spec = importlib.util.spec_from_file_location("crd_convert", ROOT / "scripts" / "convert_crds.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


convert = _convert()


def test_objects_with_properties_refuse_unknown_fields():
    out = convert.strict({"type": "object", "properties": {"a": {"type": "object", "properties": {"b": {"type": "string"}}}}})
    assert out["additionalProperties"] is False
    assert out["properties"]["a"]["additionalProperties"] is False


def test_what_the_crd_leaves_open_stays_open():
    assert "additionalProperties" not in convert.strict({"type": "object", "x-kubernetes-preserve-unknown-fields": True, "properties": {"a": {}}})
    assert "additionalProperties" not in convert.strict({"type": "object"})  # a free-form object
    as_map = convert.strict({"type": "object", "additionalProperties": {"type": "string"}})
    assert as_map["additionalProperties"] == {"type": "string"}


def test_int_or_string_and_nullable():
    assert convert.strict({"x-kubernetes-int-or-string": True, "anyOf": [{"type": "integer"}, {"type": "string"}]})["anyOf"] == [
        {"type": "integer"}, {"type": "string"},
    ]  # fmt: skip
    assert "type" not in convert.strict({"x-kubernetes-int-or-string": True, "type": "string"})
    assert convert.strict({"type": "string", "nullable": True})["type"] == ["string", "null"]


def test_file_names_match_what_validate_document_looks_up():
    from manifest_lint import schemas

    for path in CRDS.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        (gvk,) = schema["x-kubernetes-group-version-kind"]
        assert path.name == convert.file_name(gvk["group"], gvk["version"], gvk["kind"])
        assert schemas.crd_schema_path(f"{gvk['group']}/{gvk['version']}", gvk["kind"]) == path


def test_committed_schemas_are_the_conversion_of_the_pinned_crds(tmp_path):
    """Re-downloads the pinned modules (Go module proxy); skipped, with the reason, when Go or the proxy is unavailable."""
    go = shutil.which("go")
    if go is None:
        pytest.skip("go is not installed")
    for source in convert.SOURCES:
        module, version = source[0], source[1]
        done = subprocess.run([go, "mod", "download", "-json", f"{module}@{version}"], capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0:
            pytest.skip(f"cannot download {module}@{version}: {done.stdout.strip() or done.stderr.strip()}")
        # One CRD per file, or (Istio) the listed kinds picked out of a file of many.
        for name, expected in convert.schemas_of(source, Path(json.loads(done.stdout)["Dir"])):
            assert json.loads((CRDS / name).read_text(encoding="utf-8")) == expected, name
