"""Counts of the property run, printed in the terminal summary so the CI log shows how much was checked."""

from __future__ import annotations

from collections import Counter

import pytest

PROPERTY_STATS: pytest.StashKey[Counter[str]] = pytest.StashKey()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[PROPERTY_STATS] = Counter()


@pytest.fixture(scope="session")
def property_stats(request: pytest.FixtureRequest) -> Counter[str]:
    return request.config.stash[PROPERTY_STATS]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    stats = config.stash.get(PROPERTY_STATS, Counter())
    if not stats:
        return
    terminalreporter.section("WebService properties")
    for key in (
        "valid examples rendered",
        "documents rendered",
        "schema validations",
        "policy documents checked",
        "policy examples checked",
        "conftest processes",
        "policy findings",
        "invalid examples rejected",
        "mutations applied",
        "mutations caught",
    ):
        if key in stats:
            terminalreporter.write_line(f"{key}: {stats[key]}")
