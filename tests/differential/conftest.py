"""Prints the differential PSS run counts in the terminal summary (no need for -s).

Profiles live in pss_differential_settings.py (a unique module name, so the top-level
tests/conftest.py and its global dev/ci profiles never clash with these).
"""

from pss_differential_settings import DIFFERENTIAL_STATS


def pytest_terminal_summary(terminalreporter) -> None:
    stats = DIFFERENTIAL_STATS
    if not stats:
        return
    terminalreporter.section("PSS differential test (ours vs upstream pod-security-admission)")
    for key in sorted(stats, key=str):
        terminalreporter.write_line(f"{key}: {stats[key]}")
