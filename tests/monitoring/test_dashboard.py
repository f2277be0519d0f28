"""The Grafana dashboard of each environment: generated JSON in a ConfigMap for the Grafana sidecar.

Every query is PromQL that the Prometheus release's parser accepts (``promtool check rules`` on
each query wrapped in a recording rule, with Grafana's ``$__rate_interval`` as 5m), and the
saturation and traffic queries compute what their panels say (``promtool test rules`` on fed series).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from monitoring_helpers import ENVIRONMENTS, dist_object, dist_objects, run_promtool, write_rule_file

DESIGN_PANELS = ["Request rate", "p95 response time", "Error rate"]
SATURATION_PANELS = ["CPU against limit", "Memory against limit", "Replicas against HPA bounds"]
APP_PANELS = ["WebSocket connections", "WebGL frame rate"]
GRAFANA_VARIABLES = {"$__rate_interval", "${datasource}"}


def _config_map(env: str) -> dict[str, Any]:
    return dist_object(env, "ConfigMap", "control-panel-dashboard")


def _dashboard(env: str) -> dict[str, Any]:
    (text,) = _config_map(env)["data"].values()
    dashboard: dict[str, Any] = json.loads(text)
    return dashboard


def _queries(env: str) -> dict[str, str]:
    """``<panel title> <refId>`` -> expression."""
    return {f"{p['title']} {t['refId']}": t["expr"] for p in _dashboard(env)["panels"] for t in p.get("targets", [])}


def _as_promql(expr: str) -> str:
    return expr.replace("$__rate_interval", "5m")


def test_every_environment_has_its_dashboard_config_map() -> None:
    config_maps = {k: v for k, v in dist_objects("ConfigMap").items() if k.endswith("-dashboard.yaml")}
    assert sorted(config_maps) == [f"{env}/configmap-control-panel-dashboard.yaml" for env in ENVIRONMENTS]
    keys = set()
    for env in ENVIRONMENTS:
        config_map = _config_map(env)
        assert config_map["metadata"]["namespace"] == env
        assert config_map["metadata"]["labels"]["grafana_dashboard"] == "1"
        assert list(config_map["data"]) == [f"control-panel-dashboard-{env}.json"]  # the sidecar writes every key into one folder
        keys |= set(config_map["data"])
    assert len(keys) == len(ENVIRONMENTS)


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_dashboard_has_the_design_panels_and_saturation(env: str) -> None:
    dashboard = _dashboard(env)
    assert dashboard["title"] == f"Omnitide Control Panel ({env})"
    assert len(dashboard["uid"]) <= 40
    rows = [p["title"] for p in dashboard["panels"] if p["type"] == "row"]
    panels = [p["title"] for p in dashboard["panels"] if p["type"] != "row"]
    assert rows == ["Traffic", "Saturation", "Application"]
    assert panels == DESIGN_PANELS + SATURATION_PANELS + APP_PANELS
    by_title = {p["title"]: p for p in dashboard["panels"]}
    assert [s["value"] for s in by_title["p95 response time"]["fieldConfig"]["defaults"]["thresholds"]["steps"]] == [None, 0.5]
    assert [s["value"] for s in by_title["Error rate"]["fieldConfig"]["defaults"]["thresholds"]["steps"]] == [None, 0.05]
    replicas = [t["legendFormat"] for t in by_title["Replicas against HPA bounds"]["targets"]]
    assert replicas == ["available {{deployment}}", "HPA current", "HPA minimum", "HPA maximum"]
    assert {p["datasource"]["uid"] for p in dashboard["panels"] if "datasource" in p} == {"${datasource}"}
    assert [v["name"] for v in dashboard["templating"]["list"]] == ["datasource"]


def test_dashboards_of_the_environments_are_apart() -> None:
    uids = {_dashboard(env)["uid"] for env in ENVIRONMENTS}
    titles = {_dashboard(env)["title"] for env in ENVIRONMENTS}
    assert len(uids) == len(titles) == len(ENVIRONMENTS)
    for env in ENVIRONMENTS:
        for name, expr in _queries(env).items():
            assert f'namespace="{env}"' in expr, (env, name)
            assert {"production", "staging"} - {env} & set(re.findall(r'namespace="([^"]+)"', expr)) == set(), (env, name)


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_panels_do_not_overlap(env: str) -> None:
    cells: set[tuple[int, int]] = set()
    for panel in _dashboard(env)["panels"]:
        pos = panel["gridPos"]
        assert pos["x"] + pos["w"] <= 24
        area = {(x, y) for x in range(pos["x"], pos["x"] + pos["w"]) for y in range(pos["y"], pos["y"] + pos["h"])}
        assert not area & cells, panel["title"]
        cells |= area


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_every_query_uses_only_known_grafana_variables(env: str) -> None:
    for name, expr in _queries(env).items():
        assert set(re.findall(r"\$\{?\w+\}?", expr)) <= GRAFANA_VARIABLES, name


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_every_query_parses_as_promql(promtool: Path, env: str, tmp_path: Path) -> None:
    queries = _queries(env)
    assert len(queries) == 11
    rules = [{"record": f"dashboard:query_{i}", "expr": _as_promql(expr)} for i, expr in enumerate(queries.values())]
    write_rule_file([{"name": "dashboard", "rules": rules}], tmp_path / "dashboard.yaml")
    done = run_promtool(promtool, "check", "rules", "--lint=all", "--lint-fatal", "dashboard.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"SUCCESS: {len(rules)} rules found" in done.stdout


def test_the_parse_check_refuses_a_broken_query(promtool: Path, tmp_path: Path) -> None:
    write_rule_file([{"name": "dashboard", "rules": [{"record": "dashboard:query", "expr": "sum by (pod (rate(x[5m]))"}]}], tmp_path / "bad.yaml")
    done = run_promtool(promtool, "check", "rules", "bad.yaml", cwd=tmp_path)
    assert done.returncode != 0


def test_queries_compute_what_the_panels_say(promtool: Path, tmp_path: Path) -> None:
    """Fed series of both blue/green slots, the production queries give the shares, rates and bounds their panels name."""
    queries = {k: _as_promql(v) for k, v in _queries("production").items()}
    ksm = 'job="kube-state-metrics"'
    hpa = f'namespace="production",horizontalpodautoscaler="control-panel",{ksm}'
    blue, green = "control-panel-blue-6f7c9d8b4-x2x9q", "control-panel-green-58d4f7c9b-k7m2p"
    series = []
    for pod, cpu_per_minute, memory in ((blue, 15, 268435456), (green, 3, 134217728)):
        where = f'namespace="production",pod="{pod}",container="control-panel"'
        series += [
            {"series": f"container_cpu_usage_seconds_total{{{where}}}", "values": f"0+{cpu_per_minute}x10"},  # 0.25 and 0.05 CPU
            {"series": f"container_memory_working_set_bytes{{{where}}}", "values": f"{memory}x10"},
            {"series": f'kube_pod_container_resource_limits{{{where},resource="cpu",unit="core",{ksm}}}', "values": "0.5x10"},
            {"series": f'kube_pod_container_resource_limits{{{where},resource="memory",unit="byte",{ksm}}}', "values": "536870912x10"},
        ]
    series += [
        # The pod-level cgroup (container="") and another namespace's pod are not the container's.
        {"series": f'container_cpu_usage_seconds_total{{namespace="production",pod="{blue}",container=""}}', "values": "0+600x10"},
        {"series": 'container_cpu_usage_seconds_total{namespace="staging",pod="control-panel-6f7c9d8b4-x2x9q",container="control-panel"}', "values": "0+60x10"},
        {"series": f'kube_deployment_status_replicas_available{{namespace="production",deployment="control-panel-blue",{ksm}}}', "values": "4x10"},
        {"series": f'kube_deployment_status_replicas_available{{namespace="production",deployment="control-panel-green",{ksm}}}', "values": "3x10"},
        {"series": f'kube_horizontalpodautoscaler_status_current_replicas{{{hpa}}}', "values": "4x10"},
        {"series": f'kube_horizontalpodautoscaler_spec_min_replicas{{{hpa}}}', "values": "3x10"},
        {"series": f'kube_horizontalpodautoscaler_spec_max_replicas{{{hpa}}}', "values": "10x10"},
        {"series": 'http_requests_total{namespace="production",job="control-panel",status_code="200"}', "values": "0+570x10"},
        {"series": 'http_requests_total{namespace="production",job="control-panel",status_code="503"}', "values": "0+30x10"},
        {"series": 'http_requests_total{namespace="production",job="kubernetes-pods",status_code="503"}', "values": "0+600x10"},
        {"series": 'websocket_connections_active{namespace="production",job="control-panel",pod="a"}', "values": "40x10"},
        {"series": 'websocket_connections_active{namespace="production",job="control-panel",pod="b"}', "values": "2x10"},
        {"series": 'webgl_frame_rate{namespace="production",job="control-panel",pod="a"}', "values": "50x10"},
        {"series": 'webgl_frame_rate{namespace="production",job="control-panel",pod="b"}', "values": "60x10"},
    ]  # fmt: skip
    expected = {
        "CPU against limit A": [({"pod": blue}, 0.5), ({"pod": green}, 0.1)],
        "Memory against limit A": [({"pod": blue}, 0.5), ({"pod": green}, 0.25)],
        "Replicas against HPA bounds A": [({"deployment": "control-panel-blue"}, 4), ({"deployment": "control-panel-green"}, 3)],
        "Replicas against HPA bounds B": [({}, 4)],
        "Replicas against HPA bounds C": [({}, 3)],
        "Replicas against HPA bounds D": [({}, 10)],
        "Request rate A": [({"status_code": "200"}, 9.5), ({"status_code": "503"}, 0.5)],
        "Error rate A": [({}, 0.05)],
        "WebSocket connections A": [({}, 42)],
        "WebGL frame rate A": [({}, 55)],
    }
    tests = [{
        "interval": "1m",
        "input_series": series,
        "promql_expr_test": [
            {
                "expr": queries[name], "eval_time": "8m",
                "exp_samples": [{"labels": "{" + ",".join(f'{k}="{v}"' for k, v in labels.items()) + "}", "value": value} for labels, value in samples],
            }
            for name, samples in expected.items()
        ],
    }]  # fmt: skip
    write_rule_file([], tmp_path / "none.yaml")
    (tmp_path / "dashboard.test.yaml").write_text(yaml.safe_dump({"rule_files": ["none.yaml"], "tests": tests}, width=10_000), encoding="utf-8")
    done = run_promtool(promtool, "test", "rules", "dashboard.test.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
