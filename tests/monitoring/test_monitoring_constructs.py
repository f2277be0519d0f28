"""The monitoring constructs: on by default for a web service with a metrics port, every prop checked, any service."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import cdk8s
import pytest

from constructs_lib import PropsError, Release, WebService, WebServiceProps
from constructs_lib.monitoring import (
    ALERT_DEFAULTS,
    AlertPolicy,
    AlertSettings,
    DashboardSettings,
    HttpMetrics,
    MetricPanel,
    Monitoring,
    PodMonitor,
    PodMonitorProps,
    ServiceAlerts,
    ServiceAlertsProps,
    ServiceDashboard,
    ServiceDashboardProps,
    pods_of,
)
from constructs_lib.web_service import BlueGreen
from manifest_lint import schemas

RELEASE = Release(image="ghcr.io/acme/shop:1.2.3", version="1.2.3")
SHOP = WebServiceProps(name="shop", namespace="shop", release=RELEASE, metrics_port=9090)


def _synth(props: WebServiceProps) -> list[dict[str, Any]]:
    chart = cdk8s.Testing.chart()
    WebService(chart, "svc", props)
    manifests: list[dict[str, Any]] = cdk8s.Testing.synth(chart)
    return manifests


def _kinds(manifests: list[dict[str, Any]]) -> list[str]:
    return sorted(m["kind"] for m in manifests)


def _one(manifests: list[dict[str, Any]], kind: str, name: str | None = None) -> dict[str, Any]:
    (found,) = [m for m in manifests if m["kind"] == kind and (name is None or m["metadata"]["name"] == name)]
    return found


def _alerts(rule: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["alert"]: r for g in rule["spec"]["groups"] for r in g["rules"] if "alert" in r}


def _errors(props: WebServiceProps) -> list[str]:
    with pytest.raises(PropsError) as caught:
        _synth(props)
    return list(caught.value.problems)


def test_a_metrics_port_brings_scrape_target_alerts_and_dashboard() -> None:
    manifests = _synth(SHOP)
    assert {"ServiceMonitor", "PrometheusRule"} <= set(_kinds(manifests))
    dashboard = _one(manifests, "ConfigMap", "shop-dashboard")
    assert dashboard["metadata"]["labels"]["grafana_dashboard"] == "1"
    assert json.loads(dashboard["data"]["shop-dashboard-shop.json"])["title"] == "shop (shop)"
    for m in manifests:
        for version in (schemas.SUPPORTED_VERSIONS[0], schemas.LATEST_VERSION):
            assert schemas.validate_document(m, version, require_schema=True) == [], (m["kind"], version)


def test_without_a_metrics_port_nothing_is_rendered() -> None:
    kinds = set(_kinds(_synth(dataclasses.replace(SHOP, metrics_port=None))))
    assert not kinds & {"ServiceMonitor", "PrometheusRule", "ConfigMap"}


def test_each_part_can_be_left_out() -> None:
    assert "ServiceMonitor" not in _kinds(_synth(dataclasses.replace(SHOP, service_monitor=False)))
    assert "PrometheusRule" in _kinds(_synth(dataclasses.replace(SHOP, service_monitor=False)))
    none = _kinds(_synth(dataclasses.replace(SHOP, monitoring=None)))
    assert "ServiceMonitor" in none and "PrometheusRule" not in none and "ConfigMap" not in none
    no_alerts = _synth(dataclasses.replace(SHOP, monitoring=Monitoring(alerts=None)))
    assert "PrometheusRule" not in _kinds(no_alerts) and "ConfigMap" in _kinds(no_alerts)
    assert "ConfigMap" not in _kinds(_synth(dataclasses.replace(SHOP, monitoring=Monitoring(dashboard=None))))


def test_service_monitor_true_needs_a_metrics_port() -> None:
    problems = _errors(dataclasses.replace(SHOP, metrics_port=None, service_monitor=True))
    assert any(p.startswith("service_monitor=True: a metrics_port") for p in problems), problems


def test_default_alerts_severities_and_for() -> None:
    rule = _one(_synth(SHOP), "PrometheusRule")
    alerts = _alerts(rule)
    assert {name: (a["labels"]["severity"], a["for"]) for name, a in alerts.items()} == dict(ALERT_DEFAULTS)
    assert all(a["labels"]["service"] == "shop" for a in alerts.values())
    assert all("runbook_url" not in a["annotations"] for a in alerts.values())  # no base URL given
    records = [r["record"] for g in rule["spec"]["groups"] for r in g["rules"] if "record" in r]
    assert records == [
        "namespace_job:http_requests:rate5m", "namespace_job:http_requests_errors:rate5m",
        "namespace_job:http_requests_error_ratio:rate5m", "namespace_job:http_request_duration_seconds:p95_rate5m",
    ]  # fmt: skip


def test_alert_settings_thresholds_and_routing_are_props() -> None:
    policy = AlertPolicy(
        error_ratio=0.02, latency_p95_seconds=0.25, restarts=5, restart_window="30m",
        alerts={
            "HTTPLatencyP95High": AlertSettings(severity="warning", for_="20m", summary="slow", runbook_url="https://runbooks.example.com/slow"),
            "AutoscalerAtMaxReplicas": AlertSettings(enabled=False),
        },
        severities={"critical": "page"}, runbook_base_url="https://runbooks.example.com/shop", labels={"team": "web"},
    )  # fmt: skip
    alerts = _alerts(_one(_synth(dataclasses.replace(SHOP, monitoring=Monitoring(alerts=policy))), "PrometheusRule"))
    assert "AutoscalerAtMaxReplicas" not in alerts
    latency = alerts["HTTPLatencyP95High"]
    assert latency["for"] == "20m" and latency["labels"] == {"team": "web", "severity": "warning", "service": "shop"}
    assert latency["annotations"]["summary"] == "slow" and latency["annotations"]["runbook_url"] == "https://runbooks.example.com/slow"
    assert latency["expr"].endswith("> 0.25")
    errors = alerts["HTTPErrorRatioHigh"]
    assert errors["labels"]["severity"] == "page" and errors["expr"].endswith("> 0.02")
    assert errors["annotations"]["runbook_url"] == "https://runbooks.example.com/shop#httperrorratiohigh"
    assert "[30m])) >= 5" in alerts["ContainerRestarting"]["expr"]


def test_http_metric_names_are_props() -> None:
    http = HttpMetrics(requests_total="shop_requests_total", duration_seconds="shop_latency_seconds", status_label="code", error_status="5..|429")
    rule = _one(_synth(dataclasses.replace(SHOP, monitoring=Monitoring(http=http, job="shop-metrics"))), "PrometheusRule")
    exprs = " ".join(r["expr"] for g in rule["spec"]["groups"] for r in g["rules"])
    assert 'shop_requests_total{namespace="shop",job="shop-metrics",code=~"5..|429"}' in exprs
    assert "shop_latency_seconds_bucket" in exprs and "http_requests_total" not in exprs


NO_READY = "monitoring.alerts.alerts['NoReadyPods']"
PANEL = "monitoring.dashboard.panels[0]"


def _no_ready_pods(settings: AlertSettings) -> Monitoring:
    return Monitoring(alerts=AlertPolicy(alerts={"NoReadyPods": settings}))


@pytest.mark.parametrize(
    ("monitoring", "prop", "allowed"),
    [
        (Monitoring(alerts=AlertPolicy(error_ratio=5)), "monitoring.alerts.error_ratio", "between 0 and 1"),
        (Monitoring(alerts=AlertPolicy(latency_p95_seconds=0)), "monitoring.alerts.latency_p95_seconds", "positive"),
        (Monitoring(alerts=AlertPolicy(restarts=0)), "monitoring.alerts.restarts", "at least 1"),
        (Monitoring(alerts=AlertPolicy(rate_window="5 minutes")), "monitoring.alerts.rate_window", "Prometheus duration"),
        (Monitoring(alerts=AlertPolicy(alerts={"Nope": AlertSettings()})), "monitoring.alerts.alerts", "an alert name"),
        (_no_ready_pods(AlertSettings(for_="0")), f"{NO_READY}.for_", "not zero"),
        (_no_ready_pods(AlertSettings(runbook_url="ftp://x")), f"{NO_READY}.runbook_url", "http"),
        (Monitoring(alerts=AlertPolicy(severities={"critical": "not a label!"})), "monitoring.alerts.severities['critical']", "label value"),
        (Monitoring(alerts=AlertPolicy(labels={"severity": "x"})), "monitoring.alerts.labels", "other than severity"),
        (Monitoring(http=HttpMetrics(requests_total="http-requests")), "monitoring.http.requests_total", "metric name"),
        (Monitoring(http=HttpMetrics(error_status='5.."')), "monitoring.http.error_status", "without quotes"),
        (Monitoring(dashboard=DashboardSettings(panels=(MetricPanel(title="x", metric="y", aggregation="p50"),))), f"{PANEL}.aggregation", "min"),
        (Monitoring(job=""), "monitoring.job", "non-empty"),
    ],
)  # fmt: skip
def test_bad_monitoring_props_are_named(monitoring: Monitoring, prop: str, allowed: str) -> None:
    problems = _errors(dataclasses.replace(SHOP, monitoring=monitoring))
    assert any(p.startswith(f"{prop}=") and allowed in p for p in problems), problems


def test_wrong_types_are_named_once() -> None:
    problems = _errors(dataclasses.replace(SHOP, monitoring={"alerts": None}))  # type: ignore[arg-type]
    assert [p for p in problems if p.startswith("monitoring=")] == [p for p in problems if "monitoring" in p]
    assert len([p for p in problems if "monitoring" in p]) == 1


def test_blue_green_restarts_watch_every_slot_and_serving_checks_none() -> None:
    props = dataclasses.replace(SHOP, release=None, blue_green=BlueGreen(active="green", slots={"blue": RELEASE, "green": RELEASE}))
    alerts = _alerts(_one(_synth(props), "PrometheusRule"))
    assert 'pod=~"(shop-blue|shop-green)-[a-z0-9]+-[a-z0-9]+"' in alerts["ContainerRestarting"]["expr"]
    assert "blue" not in alerts["NoReadyPods"]["expr"] and "green" not in alerts["NoReadyPods"]["expr"]


def test_service_alerts_for_any_service() -> None:
    """Without an HPA or PDB: no such alerts, and NoReadyPods counts the Deployment's available pods."""
    chart = cdk8s.Testing.chart()
    ServiceAlerts(chart, "alerts", ServiceAlertsProps(name="worker", namespace="jobs", job="jobs/worker", container="worker", deployment="worker"))
    (rule,) = cdk8s.Testing.synth(chart)
    alerts = _alerts(rule)
    assert set(alerts) == set(ALERT_DEFAULTS) - {"AutoscalerAtMaxReplicas", "PodsBelowDisruptionBudget"}
    assert 'kube_deployment_status_replicas_available{namespace="jobs",deployment="worker"}' in alerts["NoReadyPods"]["expr"]
    assert schemas.validate_document(rule, schemas.LATEST_VERSION, require_schema=True) == []


def test_pod_monitor_for_pods_without_a_service() -> None:
    chart = cdk8s.Testing.chart()
    PodMonitor(chart, "scrape", PodMonitorProps(name="worker", namespace="jobs", selector={"app": "worker"}, interval="1m"))
    (monitor,) = cdk8s.Testing.synth(chart)
    assert monitor["kind"] == "PodMonitor"
    assert monitor["spec"]["podMetricsEndpoints"] == [{"port": "metrics", "path": "/metrics", "interval": "1m", "scheme": "http"}]
    assert schemas.validate_document(monitor, schemas.LATEST_VERSION, require_schema=True) == []
    with pytest.raises(PropsError, match="interval"):
        PodMonitor(cdk8s.Testing.chart(), "bad", PodMonitorProps(name="worker", namespace="jobs", selector={"app": "worker"}, interval="often"))


def test_dashboard_uid_fits_grafana_and_folder_annotation() -> None:
    props = ServiceDashboardProps(
        name="a-very-long-service-name-dashboard", namespace="a-very-long-namespace-name", job="a-very-long-service-name",
        container="app", deployments=("a-very-long-service-name",), title="Long", folder="Shop",
    )  # fmt: skip
    assert len(props.uid) == 40 and props.uid.startswith("a-very-long-service-name-a-very-")
    chart = cdk8s.Testing.chart()
    ServiceDashboard(chart, "dashboard", props)
    (config_map,) = cdk8s.Testing.synth(chart)
    assert config_map["metadata"]["annotations"] == {"grafana_folder": "Shop"}
    assert json.loads(config_map["data"][props.file_name])["uid"] == props.uid


def test_pod_regex_matches_only_the_deployments_pods() -> None:
    import re

    regex = re.compile(pods_of(("web-blue", "web-green")))
    assert regex.fullmatch("web-blue-6f7c9d8b4-x2x9q") and regex.fullmatch("web-green-58d4f7c9b-k7m2p")
    assert not regex.fullmatch("web-canary-6f7c9d8b4-x2x9q") and not regex.fullmatch("web-blue-x2x9q")
    single = re.compile(pods_of(("web",)))
    assert single.fullmatch("web-6f7c9d8b4-x2x9q") and not single.fullmatch("web-blue-6f7c9d8b4-x2x9q")
    assert pods_of(("a.b",)) == r"a\.b-[a-z0-9]+-[a-z0-9]+"
