"""Prints the counts of the gator verify suites and of the differential run in the terminal summary (no need for -s)."""

from gatekeeper_harness import STATS


def pytest_terminal_summary(terminalreporter) -> None:
    if not STATS:
        return
    rules = sorted(key.split(":", 1)[1] for key in STATS if key.startswith("rule:"))
    terminalreporter.section("Gatekeeper: gator verify suites and differential (gator vs conftest)")
    verify = {key.split(":", 1)[1]: value for key, value in STATS.items() if key.startswith("verify:")}
    if verify:
        terminalreporter.write_line("verify suites: " + ", ".join(f"{key} {value}" for key, value in sorted(verify.items())))
    terminalreporter.write_line(f"objects judged by both: {STATS.get('objects', 0)}, findings (equal on both sides): {STATS.get('findings', 0)}")
    terminalreporter.write_line(f"admission rules that fired: {len(rules)}: {', '.join(rules)}")
