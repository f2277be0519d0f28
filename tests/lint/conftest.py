"""Fixtures for the lint tests: small manifest trees written per test session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lint_fixtures import APP, CLEAN_BASELINE, write


@pytest.fixture(scope="session")
def app_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Deployment with a waived, an expired-waiver and a bad-waiver finding, and a Service with a bogus field."""
    return write(tmp_path_factory.mktemp("app"), {"app.yaml": APP})


@pytest.fixture(scope="session")
def clean_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("clean"), {"settings.yaml": CLEAN_BASELINE})


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """How often the compiled schema validator and the reference agreed (tests/lint/test_schema_fast_path.py)."""
    module = sys.modules.get("test_schema_fast_path")
    if module is None or not module.STATS:
        return
    terminalreporter.section("Schemas: compiled validator against the reference (document x version)")
    for line, count in sorted(module.STATS.items()):
        terminalreporter.write_line(f"{line}: {count}")
