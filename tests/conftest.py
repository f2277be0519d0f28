"""Shared fixtures and Hypothesis profiles.

HYPOTHESIS_PROFILE picks the profile: ``dev`` (default, quick) or ``ci`` (thorough and
derandomized, so CI runs are repeatable); `.ci/run` sets ``ci``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Everything this session puts in the temporary folder goes in one folder of its own, removed at
# the end: cdk8s.Testing.chart() makes a `cdk8s.outdir.*` folder in Node's os.tmpdir() for each
# chart and never removes it (the property tests make thousands). Set before jsii starts Node.
SESSION_TMP = Path(tempfile.mkdtemp(prefix="pytest-session-"))
os.environ["TMPDIR"] = str(SESSION_TMP)
tempfile.tempdir = None  # tempfile reads TMPDIR again


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(SESSION_TMP, ignore_errors=True)

import constructs_lib  # noqa: E402, F401 - selects the supported Node.js before cdk8s loads

settings.register_profile("dev", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=150, deadline=None, derandomize=True, database=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def rendered_objects() -> list[Any]:
    """The control-panel's objects for every environment, rendered in this process."""
    import environments
    import main
    from constructs_lib import synth

    return synth.collect(main.build_app(environments.load()))


@pytest.fixture(scope="session")
def manifests(rendered_objects: list[Any]) -> dict[str, dict[str, Any]]:
    """``<environment>/<file>`` -> manifest, as rendered now."""
    return {obj.relative_path: dict(obj.manifest) for obj in rendered_objects}


@pytest.fixture(scope="session")
def dist_files() -> dict[str, bytes]:
    """The committed dist/: relative path -> bytes (less the marker that says a render wrote it)."""
    import publish

    dist = ROOT / "dist"
    return {str(p.relative_to(dist)): p.read_bytes() for p in sorted(dist.rglob("*")) if p.is_file() and p.name != publish.MARKER}


def load_yaml(data: bytes) -> Any:
    return yaml.safe_load(data)
