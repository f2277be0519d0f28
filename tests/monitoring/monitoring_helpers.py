"""Shared by tests/monitoring: promtool (built by scripts/setup-monitoring.sh) and the rendered monitoring objects."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
PROMTOOL = ROOT / ".tools" / "bin" / "promtool"
SETUP_HINT = "run `make monitoring-setup` (bash scripts/setup-monitoring.sh): it builds promtool pinned by tools/promtool/go.mod"
ENVIRONMENTS = ("production", "staging")


def find_promtool() -> Path:
    if not PROMTOOL.is_file():
        pytest.fail(f"{PROMTOOL.relative_to(ROOT)} is missing: {SETUP_HINT}", pytrace=False)
    return PROMTOOL


def run_promtool(promtool: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(promtool), *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def dist_object(env: str, kind: str, name: str) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((DIST / env / f"{kind.lower()}-{name}.yaml").read_text(encoding="utf-8"))
    return doc


def dist_objects(kind: str) -> dict[str, dict[str, Any]]:
    """``<environment>/<file>`` -> every object of that kind in dist/."""
    found = {}
    for path in sorted(DIST.glob(f"*/{kind.lower()}-*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if doc.get("kind") == kind:
            found[str(path.relative_to(DIST))] = doc
    return found


def write_rule_file(groups: list[dict[str, Any]], path: Path) -> Path:
    """A Prometheus rule file of a PrometheusRule's ``spec.groups`` (what the Prometheus Operator gives Prometheus)."""
    path.write_text(yaml.safe_dump({"groups": groups}, sort_keys=False, width=10_000), encoding="utf-8")
    return path
