"""The rendered PrometheusRules, checked and unit-tested by promtool (the Prometheus release's own rule loader and engine).

``promtool check rules`` loads every group as Prometheus would (PromQL parsed, templates parsed,
durations, duplicate rules linted as fatal); ``promtool test rules`` runs production.test.yaml
and staging.test.yaml, which feed series and assert which alerts fire, when, and with which
labels and annotations.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from monitoring_helpers import DIST, ENVIRONMENTS, ROOT, dist_object, dist_objects, run_promtool, write_rule_file

HERE = Path(__file__).resolve().parent


def _groups(env: str) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = dist_object(env, "PrometheusRule", "control-panel")["spec"]["groups"]
    return groups


def _unit_tests(env: str) -> dict[str, Any]:
    tests: dict[str, Any] = yaml.safe_load((HERE / f"{env}.test.yaml").read_text(encoding="utf-8"))
    return tests


def _minutes(duration: str) -> int:
    match = re.fullmatch(r"(\d+)m", duration)
    assert match, f"eval_time {duration!r}: the tests use whole minutes"
    return int(match[1])


def _run_unit_tests(promtool: Path, env: str, groups: list[dict[str, Any]], folder: Path) -> tuple[int, str]:
    write_rule_file(groups, folder / f"{env}.rules.yaml")
    shutil.copy(HERE / f"{env}.test.yaml", folder)
    done = run_promtool(promtool, "test", "rules", f"{env}.test.yaml", cwd=folder)
    return done.returncode, done.stdout + done.stderr


def test_every_environment_renders_one_prometheus_rule() -> None:
    assert sorted(dist_objects("PrometheusRule")) == [f"{env}/prometheusrule-control-panel.yaml" for env in ENVIRONMENTS]


@pytest.mark.parametrize("relative", sorted(dist_objects("PrometheusRule")))
def test_promtool_check_rules_accepts_every_rendered_group(promtool: Path, relative: str, tmp_path: Path) -> None:
    groups = yaml.safe_load((DIST / relative).read_text(encoding="utf-8"))["spec"]["groups"]
    assert [g["name"] for g in groups] == ["control-panel"]
    write_rule_file(groups, tmp_path / "rules.yaml")
    done = run_promtool(promtool, "check", "rules", "--lint=all", "--lint-fatal", "rules.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"SUCCESS: {len(groups[0]['rules'])} rules found" in done.stdout, done.stdout
    assert "WARNING" not in done.stdout + done.stderr


def test_promtool_check_rules_refuses_a_broken_rule(promtool: Path, tmp_path: Path) -> None:
    """Not vacuous: a bad expression, a bad template and a repeated rule each fail the check."""
    good = _groups("production")
    alert = next(dict(r) for r in good[0]["rules"] if "alert" in r)
    cases = {
        "expr": [{"name": "x", "rules": [{**alert, "expr": "sum(rate(http_requests_total[5m])"}]}],
        "template": [{"name": "x", "rules": [{**alert, "annotations": {"summary": "{{ $value | nosuchfunction }}"}}]}],
        "duplicate": [{"name": "x", "rules": [alert, alert]}],
    }
    for name, groups in cases.items():
        write_rule_file(groups, tmp_path / f"{name}.yaml")
        done = run_promtool(promtool, "check", "rules", "--lint=all", "--lint-fatal", f"{name}.yaml", cwd=tmp_path)
        assert done.returncode != 0, (name, done.stdout)


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_promtool_unit_tests_pass(promtool: Path, env: str, tmp_path: Path) -> None:
    status, output = _run_unit_tests(promtool, env, _groups(env), tmp_path)
    assert status == 0, output
    assert "SUCCESS" in output


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_every_alert_fires_on_a_bad_series_and_stays_quiet_on_a_healthy_one(env: str) -> None:
    """Each alert of the rendered rule has a test group where it fires and one where it never does."""
    alerts = {r["alert"] for g in _groups(env) for r in g["rules"] if "alert" in r}
    assert len(alerts) == 6, alerts
    fires: set[str] = set()
    quiet: set[str] = set()
    for group in _unit_tests(env)["tests"]:
        by_alert: dict[str, list[bool]] = {}
        for case in group.get("alert_rule_test", []):
            by_alert.setdefault(case["alertname"], []).append(bool(case.get("exp_alerts")))
        for alert, outcomes in by_alert.items():
            if any(outcomes):
                fires.add(alert)
            else:
                quiet.add(alert)
    assert alerts - fires == set(), f"{env}: no test makes these alerts fire: {sorted(alerts - fires)}"
    assert alerts - quiet == set(), f"{env}: no test shows these alerts quiet on healthy series: {sorted(alerts - quiet)}"
    assert fires <= alerts and quiet <= alerts, "the unit tests name alerts the rule does not have"


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_every_firing_test_also_says_when(env: str) -> None:
    """A firing expectation follows, in its group, an evaluation one interval earlier at which the alert was still pending."""
    for group in _unit_tests(env)["tests"]:
        cases = group.get("alert_rule_test", [])
        quiet_at = {(c["alertname"], _minutes(c["eval_time"])) for c in cases if not c.get("exp_alerts")}
        for case in cases:
            if case.get("exp_alerts"):
                alert, minute = case["alertname"], _minutes(case["eval_time"])
                assert (alert, minute - 1) in quiet_at, f"{env}: {group['name']}: {alert} fires at {minute}m, but nothing says it was quiet at {minute - 1}m"


def test_the_unit_tests_fail_against_wrong_thresholds(promtool: Path, tmp_path: Path) -> None:
    """Not vacuous: with the thresholds changed, promtool reports the failing expectations."""
    groups = _groups("production")
    text = yaml.safe_dump(groups, sort_keys=False, width=10_000)
    broken = text.replace(" > 0.05", " > 0.2").replace(" > 0.5\n", " > 1\n")
    broken = re.sub(r"\[15m\]\)\) >= 3", "[15m])) >= 30", broken)
    assert broken != text
    status, output = _run_unit_tests(promtool, "production", yaml.safe_load(broken), tmp_path)
    assert status != 0
    for alert in ("HTTPErrorRatioHigh", "HTTPLatencyP95High", "ContainerRestarting"):
        assert f"alertname: {alert}" in output, output


def test_staging_pages_nobody_and_production_pages() -> None:
    severities = {env: {r["alert"]: r["labels"]["severity"] for g in _groups(env) for r in g["rules"] if "alert" in r} for env in ENVIRONMENTS}
    assert severities["production"] == {
        "HTTPErrorRatioHigh": "critical", "HTTPLatencyP95High": "critical", "NoReadyPods": "critical",
        "PodsBelowDisruptionBudget": "warning", "AutoscalerAtMaxReplicas": "warning", "ContainerRestarting": "warning",
    }  # fmt: skip
    assert set(severities["staging"].values()) == {"warning"}


def test_blue_green_alerts_follow_the_active_slot(tmp_path: Path) -> None:
    """The serving checks go through the PDB and HPA, which follow the active slot; restarts cover both slots.

    So switching ``active`` changes no monitoring object: the PrometheusRule, dashboard and ServiceMonitor stay the same.
    """
    rules = {r["alert"]: r for g in _groups("production") for r in g["rules"] if "alert" in r}
    for alert in ("NoReadyPods", "PodsBelowDisruptionBudget"):
        assert 'poddisruptionbudget="control-panel"' in rules[alert]["expr"]
        assert "blue" not in rules[alert]["expr"] and "green" not in rules[alert]["expr"]
    assert 'horizontalpodautoscaler="control-panel"' in rules["AutoscalerAtMaxReplicas"]["expr"]
    assert 'pod=~"(control-panel-blue|control-panel-green)-[a-z0-9]+-[a-z0-9]+"' in rules["ContainerRestarting"]["expr"]
    hpa = dist_object("production", "HorizontalPodAutoscaler", "control-panel")
    assert hpa["spec"]["scaleTargetRef"]["name"] == "control-panel-blue"
    pdb = dist_object("production", "PodDisruptionBudget", "control-panel")
    service = dist_object("production", "Service", "control-panel")
    assert pdb["spec"]["selector"]["matchLabels"] == service["spec"]["selector"]
    assert pdb["spec"]["selector"]["matchLabels"]["slot"] == "blue"

    import environments
    import main
    from constructs_lib import synth

    source = environments.ENVIRONMENTS_FILE.read_text(encoding="utf-8")
    switched = tmp_path / "environments.yaml"
    switched.write_text(source.replace("    active: blue\n", "    active: green\n"), encoding="utf-8")
    green = {o.relative_path: o.manifest for o in synth.collect(main.build_app(environments.load(switched)))}
    for kind in ("PrometheusRule", "ServiceMonitor", "ConfigMap"):
        for relative, doc in dist_objects(kind).items():
            if relative.startswith("production/"):
                assert green[relative] == doc, relative


def test_every_runbook_link_has_its_section_in_the_readme() -> None:
    """runbook_url points at README.md#<alert in lower case>, and the README has a heading of that alert."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    anchors = {re.sub(r"[^a-z0-9 -]", "", h.strip().lower()).replace(" ", "-") for h in re.findall(r"^#+ (.+)$", readme, re.MULTILINE)}
    for env in ENVIRONMENTS:
        for group in _groups(env):
            for rule in group["rules"]:
                if "alert" not in rule:
                    continue
                url = rule["annotations"]["runbook_url"]
                assert url == f"https://github.com/omnitide/control-panel-deploy/blob/main/README.md#{rule['alert'].lower()}", url
                assert rule["alert"].lower() in anchors, f"README.md has no heading {rule['alert']}"
