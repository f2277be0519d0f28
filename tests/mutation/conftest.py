"""Prints the mutation detection rate in the terminal summary."""

from __future__ import annotations

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    module = __import__("sys").modules.get("test_mutations")
    if module is None or not module.STATS:
        return
    terminalreporter.section("dist/ mutations")
    stats = module.STATS
    terminalreporter.write_line(f"detection rate: {stats['mutations caught']}/{stats['mutations applied']}; conftest processes: {stats['conftest processes']}")
