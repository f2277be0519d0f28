"""Fixtures of tests/monitoring."""

from __future__ import annotations

from pathlib import Path

import pytest
from monitoring_helpers import find_promtool


@pytest.fixture(scope="session")
def promtool() -> Path:
    """.tools/bin/promtool; the test fails (it is not skipped) when `make monitoring-setup` has not built it."""
    return find_promtool()
