"""Monitoring for the Prometheus Operator and Grafana: scrape targets, alerts and a dashboard.

* ``ServiceMonitor`` and ``PodMonitor``: scrape a Service's port, or the pods' container port, by name.
* ``ServiceAlerts``: a ``PrometheusRule`` with recording rules for the HTTP request rate, error
  ratio and p95 latency, and the alerts a team pages on: error ratio over a threshold, p95 over
  a threshold, no ready pods, fewer healthy pods than the PodDisruptionBudget needs, the HPA at
  its maximum, containers restarting. Severity, ``for:``, summary and runbook of each are props.
* ``ServiceDashboard``: a Grafana dashboard (request rate, p95 response time, error rate, CPU and
  memory against the limits, replicas against the HPA bounds, and any gauges of the app),
  generated here as JSON and rendered in a ConfigMap labelled ``grafana_dashboard: "1"`` for
  the Grafana sidecar.

The queries use the job label the Prometheus Operator gives a ServiceMonitor's targets (the
Service name), kube-state-metrics for Deployments, HPAs, PDBs and restarts, and cAdvisor for
CPU and memory. The Prometheus Operator's CRDs are pinned in ``manifest_lint/schemas/crds``
(v0.85.0), so the render gate validates these objects strictly like the built-in kinds.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cdk8s import ApiObject, ApiObjectMetadata, JsonPatch
from constructs import Construct

from constructs_lib.config_map import ConfigMapProps, SettingsConfigMap
from constructs_lib.errors import Problems
from constructs_lib.prop_checks import check_dns_label, check_dns_subdomain, check_label_value, check_path, check_port_name, check_type

MONITORING_API = "monitoring.coreos.com/v1"
GRAFANA_DASHBOARD_LABEL = "grafana_dashboard"
"""The label the Grafana sidecar (kiwigrid k8s-sidecar, as in the Grafana Helm chart) looks for on ConfigMaps."""
GRAFANA_FOLDER_ANNOTATION = "grafana_folder"
"""The annotation the Grafana Helm chart's ``sidecar.dashboards.folderAnnotation`` is usually set to."""

# Prometheus durations, as the CRDs' patterns have them (without the bare "0").
_DURATION = re.compile(r"^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$")
_METRIC_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
_LABEL_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
_URL = re.compile(r"^https?://[^\s\"'<>]+$")

ERROR_RATIO = "HTTPErrorRatioHigh"
LATENCY_P95 = "HTTPLatencyP95High"
NO_READY_PODS = "NoReadyPods"
BELOW_BUDGET = "PodsBelowDisruptionBudget"
AUTOSCALER_AT_MAX = "AutoscalerAtMaxReplicas"
RESTARTING = "ContainerRestarting"
ALERT_DEFAULTS: Mapping[str, tuple[str, str]] = {
    ERROR_RATIO: ("critical", "5m"),
    LATENCY_P95: ("critical", "10m"),
    NO_READY_PODS: ("critical", "2m"),
    BELOW_BUDGET: ("warning", "10m"),
    AUTOSCALER_AT_MAX: ("warning", "15m"),
    RESTARTING: ("warning", "5m"),
}
"""Every alert ``ServiceAlerts`` renders -> its default severity and ``for:``."""


def _check_duration(found: Problems, prop: str, value: object) -> None:
    found.check(
        isinstance(value, str) and value not in ("", "0") and bool(_DURATION.match(value)),
        prop, value, "a Prometheus duration such as '30s', '5m' or '1h30m', not zero",
    )  # fmt: skip


def _check_metric(found: Problems, prop: str, value: object) -> None:
    found.check(isinstance(value, str) and bool(_METRIC_NAME.match(value)), prop, value, "a Prometheus metric name")


def _check_url(found: Problems, prop: str, value: object) -> None:
    found.check(isinstance(value, str) and bool(_URL.match(value)), prop, value, "an http:// or https:// URL without spaces or quotes")


def _check_job(found: Problems, prop: str, value: object) -> None:
    """A Prometheus label value (any text: a PodMonitor's job is ``<namespace>/<name>``), not empty, for a query."""
    ok = isinstance(value, str) and value.strip() != "" and not any(c in value for c in '"\\\n')
    found.check(ok, prop, value, "a non-empty Prometheus label value without quotes, backslashes or line breaks")


def _check_labels(found: Problems, prop: str, labels: object) -> None:
    if not isinstance(labels, Mapping):
        check_type(found, prop, labels, Mapping)
        return
    for key, value in labels.items():
        found.check(isinstance(key, str) and bool(_LABEL_NAME.match(key)), f"{prop} key", key, "a Prometheus label name")
        check_label_value(found, f"{prop}[{key!r}]", value)
        found.check(value != "", f"{prop}[{key!r}]", value, "a non-empty label value")


def _quote(value: str) -> str:
    """A PromQL string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _selector(labels: Mapping[str, str], **regex: str) -> str:
    """``{a="x",b=~"y"}``: exact matchers first, in the given order, then the regex ones."""
    matchers = [f"{k}={_quote(v)}" for k, v in labels.items()] + [f"{k}=~{_quote(v)}" for k, v in regex.items()]
    return "{" + ",".join(matchers) + "}"


def _regex_escape(text: str) -> str:
    """Escape the RE2 metacharacters of a Kubernetes name (only '.' can occur in one)."""
    return re.sub(r"([.\\+*?()|\[\]{}^$])", r"\\\1", text)


def pods_of(deployments: tuple[str, ...]) -> str:
    """An RE2 regex matching the names of the pods of these Deployments (``<deployment>-<hash>-<suffix>``) and no others."""
    names = "|".join(_regex_escape(d) for d in sorted(deployments))
    return f"({names})-[a-z0-9]+-[a-z0-9]+" if len(deployments) > 1 else f"{names}-[a-z0-9]+-[a-z0-9]+"


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _percent(ratio: float) -> str:
    return f"{ratio * 100:g}%"


# --- scrape targets ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ServiceMonitorProps:
    """Props of ``ServiceMonitor``: which Service port Prometheus scrapes, where and how often."""

    name: str
    """The ServiceMonitor's name (an RFC 1123 label)."""
    namespace: str
    """Its namespace, also the Service's (an RFC 1123 label)."""
    selector: Mapping[str, str]
    """Labels of the Service to scrape; at least one."""
    port: str = "metrics"
    """The Service port's name. Left out, ``metrics``.

    Default: `'metrics'`
    """
    path: str = "/metrics"
    """The metrics path. Left out, ``/metrics``.

    Default: `'/metrics'`
    """
    interval: str = "30s"
    """How often to scrape, a Prometheus duration. Left out, every 30 seconds.

    Default: `'30s'`
    """
    labels: Mapping[str, str] = field(default_factory=dict)
    """Labels for the object (a Prometheus picks ServiceMonitors by label). Left out, none.

    Default: `{}`
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        check_dns_label(found, f"{prefix}name", self.name)
        check_dns_label(found, f"{prefix}namespace", self.namespace)
        found.check(len(self.selector) > 0, f"{prefix}selector", dict(self.selector), "at least one label")
        check_port_name(found, f"{prefix}port", self.port)
        check_path(found, f"{prefix}path", self.path)
        _check_duration(found, f"{prefix}interval", self.interval)
        return found


@dataclass(frozen=True, kw_only=True)
class PodMonitorProps(ServiceMonitorProps):
    """Props of ``PodMonitor``: as ``ServiceMonitorProps``, but ``selector`` selects pods and ``port`` names a container port."""


def _scrape_object(scope: Construct, id: str, kind: str, props: ServiceMonitorProps, endpoints: str) -> ApiObject:
    """The checked ServiceMonitor or PodMonitor of ``props``: its targets listed under ``endpoints``."""
    props.problems().raise_if_any(f"{kind} {id!r}")
    resource = ApiObject(
        scope, "Resource", api_version=MONITORING_API, kind=kind,
        metadata=ApiObjectMetadata(name=props.name, namespace=props.namespace, labels=dict(props.labels)),
    )  # fmt: skip
    spec = {
        "selector": {"matchLabels": dict(props.selector)},
        "namespaceSelector": {"matchNames": [props.namespace]},
        endpoints: [{"port": props.port, "path": props.path, "interval": props.interval, "scheme": "http"}],
    }
    resource.add_json_patch(JsonPatch.add("/spec", spec))
    return resource


class ServiceMonitor(Construct):
    """A ``monitoring.coreos.com/v1`` ServiceMonitor for one Service port, in the Service's namespace only.

    The Prometheus Operator sets the targets' ``job`` label to the Service's name.
    """

    def __init__(self, scope: Construct, id: str, props: ServiceMonitorProps) -> None:
        super().__init__(scope, id)
        self.props = props
        self.resource = _scrape_object(self, id, "ServiceMonitor", props, "endpoints")


class PodMonitor(Construct):
    """A ``monitoring.coreos.com/v1`` PodMonitor for one container port of the selected pods, in their namespace only.

    For pods without a Service (workers); the Prometheus Operator sets the targets' ``job`` label to
    ``<namespace>/<PodMonitor name>``.
    """

    def __init__(self, scope: Construct, id: str, props: PodMonitorProps) -> None:
        super().__init__(scope, id)
        self.props = props
        self.resource = _scrape_object(self, id, "PodMonitor", props, "podMetricsEndpoints")


# --- what is measured, and what is alerted on ------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class HttpMetrics:
    """The names of the service's HTTP metrics (Prometheus client conventions)."""

    requests_total: str = "http_requests_total"
    """The request counter, with a status label. Left out, ``http_requests_total``.

    Default: `'http_requests_total'`
    """
    duration_seconds: str = "http_request_duration_seconds"
    """The request duration histogram, in seconds (its ``_bucket`` series are used). Left out,
    ``http_request_duration_seconds``.

    Default: `'http_request_duration_seconds'`
    """
    status_label: str = "status_code"
    """The counter's label holding the HTTP status. Left out, ``status_code``.

    Default: `'status_code'`
    """
    error_status: str = "5.."
    """A regular expression (RE2, fully anchored) of the statuses that count as errors. Left out, ``5..``: server
    errors (a 4xx is the client's).

    Default: `'5..'`
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        _check_metric(found, f"{prefix}requests_total", self.requests_total)
        _check_metric(found, f"{prefix}duration_seconds", self.duration_seconds)
        found.check(
            isinstance(self.status_label, str) and bool(_LABEL_NAME.match(self.status_label)),
            f"{prefix}status_label", self.status_label, "a Prometheus label name",
        )  # fmt: skip
        ok = isinstance(self.error_status, str) and self.error_status != "" and '"' not in self.error_status and "\\" not in self.error_status
        if ok:
            try:
                re.compile(self.error_status)
            except re.error:
                ok = False
        found.check(ok, f"{prefix}error_status", self.error_status, "a non-empty regular expression without quotes or backslashes")
        return found


@dataclass(frozen=True, kw_only=True)
class AlertSettings:
    """Changes to one alert of ``ServiceAlerts``; what is left out keeps the alert's default."""

    severity: str | None = None
    """The ``severity`` label (a label value) Alertmanager routes by. Left out, the alert's default (``ALERT_DEFAULTS``).

    Default: `None`
    """
    for_: str | None = None
    """The rule's ``for:``, how long the condition must hold before the alert fires (a Prometheus duration). Left
    out, the alert's default (``ALERT_DEFAULTS``).

    Default: `None`
    """
    summary: str | None = None
    """The ``summary`` annotation (Prometheus template syntax allowed). Left out, one naming the service, the
    namespace and the value.

    Default: `None`
    """
    runbook_url: str | None = None
    """The ``runbook_url`` annotation. Left out, ``AlertPolicy.runbook_base_url`` with ``#<alert name in lower case>``,
    or none without a base URL.

    Default: `None`
    """
    enabled: bool = True
    """Render the alert. Left out, rendered.

    Default: `True`
    """


@dataclass(frozen=True, kw_only=True)
class AlertPolicy:
    """What ``ServiceAlerts`` alerts on and how the alerts are routed."""

    error_ratio: float = 0.05
    """``HTTPErrorRatioHigh`` fires when more than this share of requests fail, from 0 to 1 (exclusive). Left out,
    5 percent.

    Default: `0.05`
    """
    latency_p95_seconds: float = 0.5
    """``HTTPLatencyP95High`` fires when the 95th percentile of the request duration is above this, in seconds. Left
    out, 0.5 (the design's 500 ms).

    Default: `0.5`
    """
    restarts: int = 3
    """``ContainerRestarting`` fires when a container restarted at least this often within ``restart_window``, at least
    1. Left out, 3.

    Default: `3`
    """
    restart_window: str = "15m"
    """The window of ``restarts`` (a Prometheus duration). Left out, 15 minutes.

    Default: `'15m'`
    """
    rate_window: str = "5m"
    """The window of the recorded request rates, error ratio and p95 (a Prometheus duration, at least four scrape
    intervals). Left out, 5 minutes.

    Default: `'5m'`
    """
    alerts: Mapping[str, AlertSettings] = field(default_factory=dict)
    """Alert name (a key of ``ALERT_DEFAULTS``) -> changes to that alert. Left out, every alert with its defaults.

    Default: `{}`
    """
    severities: Mapping[str, str] = field(default_factory=dict)
    """Severity -> the severity written instead, applied last: ``{'critical': 'warning'}`` lets a staging environment's
    alerts route to a ticket instead of a page. Left out, severities as they are.

    Default: `{}`
    """
    runbook_base_url: str | None = None
    """The runbook page; each alert links ``<base>#<alert name in lower case>``. Left out, no runbook links (unless an
    alert sets its own).

    Default: `None`
    """
    labels: Mapping[str, str] = field(default_factory=dict)
    """More labels on every alert (e.g. ``team``), for routing. Left out, only ``severity`` and ``service``.

    Default: `{}`
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        ratio, latency, restarts = self.error_ratio, self.latency_p95_seconds, self.restarts
        found.check(_is_number(ratio) and 0 < ratio < 1, f"{prefix}error_ratio", ratio, "a number between 0 and 1")
        found.check(_is_number(latency) and latency > 0, f"{prefix}latency_p95_seconds", latency, "a positive number of seconds")
        found.check(isinstance(restarts, int) and not isinstance(restarts, bool) and restarts >= 1, f"{prefix}restarts", restarts, "an integer of at least 1")
        _check_duration(found, f"{prefix}restart_window", self.restart_window)
        _check_duration(found, f"{prefix}rate_window", self.rate_window)
        if check_type(found, f"{prefix}alerts", self.alerts, Mapping):
            for name, settings in self.alerts.items():
                where = f"{prefix}alerts[{name!r}]"
                found.check(name in ALERT_DEFAULTS, f"{prefix}alerts", name, f"an alert name, one of {sorted(ALERT_DEFAULTS)}")
                if not check_type(found, where, settings, AlertSettings):
                    continue
                if settings.severity is not None:
                    check_label_value(found, f"{where}.severity", settings.severity)
                    found.check(settings.severity != "", f"{where}.severity", settings.severity, "a non-empty label value")
                if settings.for_ is not None:
                    _check_duration(found, f"{where}.for_", settings.for_)
                if settings.summary is not None:
                    summary = settings.summary
                    found.check(isinstance(summary, str) and summary.strip() != "", f"{where}.summary", summary, "a non-empty text")
                if settings.runbook_url is not None:
                    _check_url(found, f"{where}.runbook_url", settings.runbook_url)
                check_type(found, f"{where}.enabled", settings.enabled, bool)
        if check_type(found, f"{prefix}severities", self.severities, Mapping):
            for old, new in self.severities.items():
                check_label_value(found, f"{prefix}severities[{old!r}]", new)
                found.check(new != "", f"{prefix}severities[{old!r}]", new, "a non-empty label value")
        if self.runbook_base_url is not None:
            _check_url(found, f"{prefix}runbook_base_url", self.runbook_base_url)
        _check_labels(found, f"{prefix}labels", self.labels)
        if isinstance(self.labels, Mapping):
            reserved = sorted({"severity", "service", "alertname"} & set(self.labels))
            found.check(not reserved, f"{prefix}labels", reserved, "labels other than severity, service and alertname (set by the alerts)")
        return found

    def settings(self, alert: str) -> AlertSettings:
        """The alert's effective settings: its defaults, then ``alerts``, then ``severities``."""
        severity, for_ = ALERT_DEFAULTS[alert]
        given = self.alerts.get(alert, AlertSettings())
        severity = given.severity or severity
        runbook = given.runbook_url or (f"{self.runbook_base_url}#{alert.lower()}" if self.runbook_base_url else None)
        return AlertSettings(
            severity=self.severities.get(severity, severity), for_=given.for_ or for_, summary=given.summary, runbook_url=runbook,
            enabled=given.enabled,
        )  # fmt: skip


# --- the PrometheusRule ----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ServiceAlertsProps:
    """Props of ``ServiceAlerts``: the service's names, as Prometheus and kube-state-metrics see them."""

    name: str
    """The PrometheusRule's name (an RFC 1123 label) and the ``service`` label of every alert."""
    namespace: str
    """Its namespace, also the service's (an RFC 1123 label); every query is limited to it."""
    job: str
    """The ``job`` label of the service's metrics: for a ServiceMonitor, the Service's name."""
    container: str
    """The name of the service's container in its pods (restarts, CPU and memory)."""
    deployment: str
    """The Deployment that serves (with blue/green, the active slot's); ``NoReadyPods`` counts its available pods when
    there is no ``disruption_budget``."""
    deployments: tuple[str, ...] = ()
    """Every Deployment whose containers ``ContainerRestarting`` watches. Left out, only ``deployment``.

    Default: `()`
    """
    autoscaler: str | None = None
    """The HorizontalPodAutoscaler of ``deployment``. Left out, no ``AutoscalerAtMaxReplicas`` alert.

    Default: `None`
    """
    disruption_budget: str | None = None
    """The PodDisruptionBudget of the serving pods, with the Service's selector. ``NoReadyPods`` counts its healthy pods
    (so the rule is the same whichever blue/green slot serves). Left out, no ``PodsBelowDisruptionBudget`` alert.

    Default: `None`
    """
    http: HttpMetrics = field(default_factory=HttpMetrics)
    """The HTTP metric names. Left out, the ``HttpMetrics`` defaults.

    Default: `HttpMetrics(requests_total='http_requests_total', duration_seconds='http_request_duration_seconds', status_label='status_code', error_status='5..')`
    """  # noqa: E501
    policy: AlertPolicy = field(default_factory=AlertPolicy)
    """Thresholds, alert settings and routing. Left out, the ``AlertPolicy`` defaults.

    Default: `AlertPolicy(error_ratio=0.05, latency_p95_seconds=0.5, restarts=3, restart_window='15m', rate_window='5m', alerts={}, severities={}, runbook_base_url=None, labels={})`
    """  # noqa: E501
    labels: Mapping[str, str] = field(default_factory=dict)
    """Labels for the object (a Prometheus picks PrometheusRules by label). Left out, none.

    Default: `{}`
    """

    @property
    def watched_deployments(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.deployments) | {self.deployment}))

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        check_dns_label(found, f"{prefix}name", self.name)
        check_dns_label(found, f"{prefix}namespace", self.namespace)
        _check_job(found, f"{prefix}job", self.job)
        check_dns_label(found, f"{prefix}container", self.container)
        for prop, value in (("deployment", self.deployment), ("autoscaler", self.autoscaler), ("disruption_budget", self.disruption_budget)):
            if value is not None:
                check_dns_subdomain(found, f"{prefix}{prop}", value)
        if check_type(found, f"{prefix}deployments", self.deployments, tuple, item=str):
            for i, deployment in enumerate(self.deployments):
                check_dns_subdomain(found, f"{prefix}deployments[{i}]", deployment)
        if check_type(found, f"{prefix}http", self.http, HttpMetrics):
            found.extend(self.http.problems(f"{prefix}http."))
        if check_type(found, f"{prefix}policy", self.policy, AlertPolicy):
            found.extend(self.policy.problems(f"{prefix}policy."))
        return found


def recorded(props: ServiceAlertsProps) -> dict[str, str]:
    """Recorded series name -> its expression (over ``policy.rate_window``), for the service's job and namespace."""
    window = props.policy.rate_window
    http = props.http
    where = {"namespace": props.namespace, "job": props.job}
    total = f"namespace_job:{http.requests_total.removesuffix('_total')}:rate{window}"
    failed = f"namespace_job:{http.requests_total.removesuffix('_total')}_errors:rate{window}"
    return {
        total: f"sum by (namespace, job) (rate({http.requests_total}{_selector(where)}[{window}]))",
        failed: f"sum by (namespace, job) (rate({http.requests_total}{_selector(where, **{http.status_label: http.error_status})}[{window}]))",
        f"namespace_job:{http.requests_total.removesuffix('_total')}_error_ratio:rate{window}": f"{failed}{_selector(where)} / {total}{_selector(where)}",
        f"namespace_job:{http.duration_seconds}:p95_rate{window}": (
            f"histogram_quantile(0.95, sum by (namespace, job, le) (rate({http.duration_seconds}_bucket{_selector(where)}[{window}])))"
        ),
    }


def _no_ready_pods(props: ServiceAlertsProps, service: str) -> tuple[str, str, str]:
    """``NoReadyPods``: expression, summary and description.

    With a PodDisruptionBudget, its healthy pods are counted: its selector is the Service's, so these are the pods that
    serve, whichever blue/green slot is active, and the rule does not change when the slot does. Without one, the
    serving Deployment's available replicas. Either way a series kube-state-metrics does not report counts as none.
    """
    tail = "the Service has no ready endpoints, and the service's own metrics stop with it."
    if props.disruption_budget is not None:
        budget = _selector({"namespace": props.namespace, "poddisruptionbudget": props.disruption_budget})
        metric = "kube_poddisruptionbudget_status_current_healthy"
        return (
            f"max by (namespace, poddisruptionbudget) ({metric}{budget}) < 1 or absent({metric}{budget})",
            f"{service}: no ready pods",
            f"None of the pods that PodDisruptionBudget {props.disruption_budget} (like the Service) selects is ready, "
            f"or kube-state-metrics does not report it: {tail}",
        )
    available = _selector({"namespace": props.namespace, "deployment": props.deployment})
    metric = "kube_deployment_status_replicas_available"
    return (
        f"max by (namespace, deployment) ({metric}{available}) < 1 or absent({metric}{available})",
        f"{service}: no ready pods in Deployment {props.deployment}",
        f"Deployment {props.deployment} has no available pod, or kube-state-metrics does not report it: {tail}",
    )


def alert_rules(props: ServiceAlertsProps) -> list[dict[str, Any]]:
    """The alerting rules, in a stable order (``ALERT_DEFAULTS``), without the disabled ones."""
    policy, ns = props.policy, props.namespace
    series = list(recorded(props))
    where = _selector({"namespace": ns, "job": props.job})
    service = f"{props.name} in {ns}"
    rules: list[tuple[str, str, str, str]] = [
        (
            ERROR_RATIO, f"{series[2]}{where} > {policy.error_ratio:g}",
            f"{service}: {{{{ $value | humanizePercentage }}}} of HTTP requests fail",
            f"More than {_percent(policy.error_ratio)} of the HTTP requests to {service} failed ({props.http.status_label}=~{props.http.error_status}) "
            f"(rate over {policy.rate_window}).",
        ),
        (
            LATENCY_P95, f"{series[3]}{where} > {policy.latency_p95_seconds:g}",
            f"{service}: p95 response time {{{{ $value | humanizeDuration }}}}",
            f"The 95th percentile of {props.http.duration_seconds} of {service} is above {policy.latency_p95_seconds:g}s "
            f"(rate over {policy.rate_window}).",
        ),
        (NO_READY_PODS, *_no_ready_pods(props, service)),
    ]  # fmt: skip
    if props.disruption_budget is not None:
        budget = _selector({"namespace": ns, "poddisruptionbudget": props.disruption_budget})
        rules.append((
            BELOW_BUDGET,
            f"max by (namespace, poddisruptionbudget) (kube_poddisruptionbudget_status_current_healthy{budget}) "
            f"< max by (namespace, poddisruptionbudget) (kube_poddisruptionbudget_status_desired_healthy{budget})",
            f"{service}: {{{{ $value }}}} healthy pods, fewer than PodDisruptionBudget {props.disruption_budget} needs",
            f"PodDisruptionBudget {props.disruption_budget} has fewer healthy pods than it requires: node drains are blocked "
            "and one more failure takes capacity below the budget.",
        ))  # fmt: skip
    if props.autoscaler is not None:
        hpa = _selector({"namespace": ns, "horizontalpodautoscaler": props.autoscaler})
        rules.append((
            AUTOSCALER_AT_MAX,
            f"max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_status_current_replicas{hpa}) "
            f">= max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_spec_max_replicas{hpa})",
            f"{service}: HorizontalPodAutoscaler {props.autoscaler} at its maximum of {{{{ $value }}}} replicas",
            f"HorizontalPodAutoscaler {props.autoscaler} cannot add pods: more load will not get more capacity.",
        ))  # fmt: skip
    containers = _selector({"namespace": ns, "container": props.container}, pod=pods_of(props.watched_deployments))
    rules.append((
        RESTARTING,
        f"max by (namespace, pod, container) (increase(kube_pod_container_status_restarts_total{containers}[{policy.restart_window}])) "
        f">= {policy.restarts}",
        f"{service}: container {{{{ $labels.container }}}} of pod {{{{ $labels.pod }}}} restarted {{{{ $value | humanize }}}} times",
        f"A container of {service} restarted at least {policy.restarts} times within {policy.restart_window}.",
    ))  # fmt: skip
    out = []
    for alert, expr, summary, description in rules:
        settings = policy.settings(alert)
        if not settings.enabled:
            continue
        annotations = {"summary": settings.summary or summary, "description": description}
        if settings.runbook_url:
            annotations["runbook_url"] = settings.runbook_url
        labels = {**dict(sorted(policy.labels.items())), "severity": str(settings.severity), "service": props.name}
        out.append({"alert": alert, "expr": expr, "for": settings.for_, "labels": labels, "annotations": annotations})
    return out


def rule_groups(props: ServiceAlertsProps) -> list[dict[str, Any]]:
    """The PrometheusRule's ``spec.groups``: one group ``<name>``, the recording rules first, then the alerts.

    One group, because Prometheus evaluates the rules of a group in order and the groups of a
    file independently: in one group an alert reads the series recorded in the same evaluation,
    in another it may read the previous evaluation's (its ``for:`` would start one interval late).
    """
    records = [{"record": name, "expr": expr} for name, expr in recorded(props).items()]
    return [{"name": props.name, "rules": records + alert_rules(props)}]


class ServiceAlerts(Construct):
    """A ``monitoring.coreos.com/v1`` PrometheusRule: the service's recording rules and alerts (see ``ALERT_DEFAULTS``), in one group."""

    def __init__(self, scope: Construct, id: str, props: ServiceAlertsProps) -> None:
        super().__init__(scope, id)
        props.problems().raise_if_any(f"ServiceAlerts {id!r}")
        self.props = props
        self.resource = ApiObject(
            self, "Resource", api_version=MONITORING_API, kind="PrometheusRule",
            metadata=ApiObjectMetadata(name=props.name, namespace=props.namespace, labels=dict(props.labels)),
        )  # fmt: skip
        self.resource.add_json_patch(JsonPatch.add("/spec", {"groups": rule_groups(props)}))


# --- the Grafana dashboard -------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MetricPanel:
    """One more dashboard panel: a gauge or counter of the service, aggregated over its pods."""

    title: str
    """The panel's title."""
    metric: str
    """The metric (a Prometheus metric name), selected by the service's namespace and job."""
    aggregation: str = "sum"
    """How the pods' series are combined: ``sum``, ``avg``, ``max`` or ``min``. Left out, ``sum``.

    Default: `'sum'`
    """
    unit: str = "short"
    """The Grafana unit (``short``, ``percentunit``, ``s``, ``bytes``, ``suffix:fps``, ...). Left out, ``short``.

    Default: `'short'`
    """
    rate: bool = False
    """Plot the per-second rate of a counter instead of its value. Left out, the value (a gauge).

    Default: `False`
    """


@dataclass(frozen=True, kw_only=True)
class DashboardSettings:
    """The title and the extra panels of a service's Grafana dashboard."""

    title: str | None = None
    """The dashboard's title; Grafana needs titles unique in a folder. Left out, ``<name> (<namespace>)``.

    Default: `None`
    """
    panels: tuple[MetricPanel, ...] = ()
    """Panels after the standard ones (request rate, p95, error rate, CPU, memory, replicas). Left out, none.

    Default: `()`
    """
    folder: str | None = None
    """A Grafana folder, written as the ``grafana_folder`` annotation (read by the sidecar when the Grafana chart sets
    ``sidecar.dashboards.folderAnnotation: grafana_folder``). Left out, no annotation.

    Default: `None`
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        if self.title is not None:
            found.check(isinstance(self.title, str) and self.title.strip() != "", f"{prefix}title", self.title, "a non-empty title")
        if check_type(found, f"{prefix}panels", self.panels, tuple, item=MetricPanel):
            for i, panel in enumerate(self.panels):
                where = f"{prefix}panels[{i}]"
                found.check(isinstance(panel.title, str) and panel.title.strip() != "", f"{where}.title", panel.title, "a non-empty title")
                _check_metric(found, f"{where}.metric", panel.metric)
                found.check(panel.aggregation in ("sum", "avg", "max", "min"), f"{where}.aggregation", panel.aggregation, "one of sum, avg, max, min")
                found.check(isinstance(panel.unit, str) and panel.unit != "", f"{where}.unit", panel.unit, "a Grafana unit")
                check_type(found, f"{where}.rate", panel.rate, bool)
        if self.folder is not None:
            found.check(isinstance(self.folder, str) and self.folder.strip() != "", f"{prefix}folder", self.folder, "a non-empty folder name")
        return found


@dataclass(frozen=True, kw_only=True)
class ServiceDashboardProps:
    """Props of ``ServiceDashboard``."""

    name: str
    """The ConfigMap's name (an RFC 1123 subdomain)."""
    namespace: str
    """Its namespace, also the service's (an RFC 1123 label); every query is limited to it."""
    job: str
    """The ``job`` label of the service's metrics: for a ServiceMonitor, the Service's name."""
    container: str
    """The name of the service's container in its pods (CPU and memory)."""
    deployments: tuple[str, ...]
    """The service's Deployments, whose pods the CPU and memory panels show; at least one."""
    title: str
    """The dashboard's title."""
    autoscaler: str | None = None
    """The HorizontalPodAutoscaler, whose current, minimum and maximum replicas the replicas panel shows. Left out, the
    panel shows the Deployments' available replicas only.

    Default: `None`
    """
    http: HttpMetrics = field(default_factory=HttpMetrics)
    """The HTTP metric names. Left out, the ``HttpMetrics`` defaults.

    Default: `HttpMetrics(requests_total='http_requests_total', duration_seconds='http_request_duration_seconds', status_label='status_code', error_status='5..')`
    """  # noqa: E501
    policy: AlertPolicy = field(default_factory=AlertPolicy)
    """The alert thresholds, drawn as lines on the p95 and error rate panels. Left out, the ``AlertPolicy`` defaults.

    Default: `AlertPolicy(error_ratio=0.05, latency_p95_seconds=0.5, restarts=3, restart_window='15m', rate_window='5m', alerts={}, severities={}, runbook_base_url=None, labels={})`
    """  # noqa: E501
    panels: tuple[MetricPanel, ...] = ()
    """Panels after the standard ones. Left out, none.

    Default: `()`
    """
    folder: str | None = None
    """A Grafana folder (the ``grafana_folder`` annotation). Left out, none.

    Default: `None`
    """
    labels: Mapping[str, str] = field(default_factory=dict)
    """More labels for the ConfigMap (``grafana_dashboard: "1"`` is always set). Left out, none.

    Default: `{}`
    """

    @property
    def uid(self) -> str:
        """A stable dashboard uid of at most 40 characters: ``<job>-<namespace>``, or a prefix of it and a hash."""
        uid = f"{self.job}-{self.namespace}"
        return uid if len(uid) <= 40 else f"{uid[:31]}-{hashlib.sha256(uid.encode()).hexdigest()[:8]}"

    @property
    def file_name(self) -> str:
        """The ConfigMap key, unique across namespaces: the sidecar writes every dashboard into one folder."""
        return f"{self.name}-{self.namespace}.json"

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        check_dns_subdomain(found, f"{prefix}name", self.name)
        check_dns_label(found, f"{prefix}namespace", self.namespace)
        _check_job(found, f"{prefix}job", self.job)
        check_dns_label(found, f"{prefix}container", self.container)
        if check_type(found, f"{prefix}deployments", self.deployments, tuple, item=str):
            found.check(len(self.deployments) > 0, f"{prefix}deployments", self.deployments, "at least one Deployment")
            for i, deployment in enumerate(self.deployments):
                check_dns_subdomain(found, f"{prefix}deployments[{i}]", deployment)
        found.check(isinstance(self.title, str) and self.title.strip() != "", f"{prefix}title", self.title, "a non-empty title")
        if self.autoscaler is not None:
            check_dns_subdomain(found, f"{prefix}autoscaler", self.autoscaler)
        if check_type(found, f"{prefix}http", self.http, HttpMetrics):
            found.extend(self.http.problems(f"{prefix}http."))
        if check_type(found, f"{prefix}policy", self.policy, AlertPolicy):
            found.extend(self.policy.problems(f"{prefix}policy."))
        found.extend(DashboardSettings(panels=self.panels, folder=self.folder).problems(prefix))
        return found


_DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
_DATASOURCE_VARIABLE = {
    "name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus",
    "current": {}, "hide": 0, "refresh": 1, "regex": "", "options": [],
}  # fmt: skip
_PANEL_WIDTH, _PANEL_HEIGHT = 12, 8


def _grid(x: int, y: int, w: int = _PANEL_WIDTH, h: int = _PANEL_HEIGHT) -> dict[str, int]:
    return {"h": h, "w": w, "x": x, "y": y}


def _panel(title: str, description: str, unit: str, targets: list[tuple[str, str]], *, threshold: float | None = None, **defaults: Any) -> dict[str, Any]:
    """A time series panel (without its id and position) of ``(expression, legend)`` targets."""
    steps: list[dict[str, Any]] = [{"color": "green", "value": None}]
    custom: dict[str, Any] = {"lineWidth": 1, "fillOpacity": 10, "showPoints": "never", "spanNulls": False}
    if threshold is not None:
        steps.append({"color": "red", "value": threshold})
        custom["thresholdsStyle"] = {"mode": "line"}
    return {
        "type": "timeseries",
        "title": title,
        "description": description,
        "datasource": _DATASOURCE,
        "fieldConfig": {
            "defaults": {"unit": unit, "custom": custom, "thresholds": {"mode": "absolute", "steps": steps}, **defaults},
            "overrides": [],
        },
        "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True}, "tooltip": {"mode": "multi", "sort": "desc"}},
        "targets": [
            {"refId": chr(ord("A") + i), "datasource": _DATASOURCE, "expr": expr, "legendFormat": legend, "range": True}
            for i, (expr, legend) in enumerate(targets)
        ],
    }


def dashboard_panels(props: ServiceDashboardProps) -> list[tuple[str, list[dict[str, Any]]]]:
    """(row title, its panels) of the dashboard; every ``expr`` is PromQL with Grafana's ``$__rate_interval``."""
    http, policy, ns = props.http, props.policy, props.namespace
    where = {"namespace": ns, "job": props.job}
    requests = f"{http.requests_total}{_selector(where)}"
    errors = f"{http.requests_total}{_selector(where, **{http.status_label: http.error_status})}"
    rate = "[$__rate_interval]"
    pods = {"namespace": ns, "container": props.container}
    pod_regex = pods_of(tuple(props.deployments))
    traffic = [
        _panel(
            "Request rate", f"HTTP requests per second to {props.job}, by status.", "reqps",
            [(f"sum by ({http.status_label}) (rate({requests}{rate}))", f"{{{{{http.status_label}}}}}")], min=0,
        ),
        _panel(
            "p95 response time", f"95th percentile of {http.duration_seconds}; the line is the alert threshold.", "s",
            [(f"histogram_quantile(0.95, sum by (le) (rate({http.duration_seconds}_bucket{_selector(where)}{rate})))", "p95")],
            threshold=policy.latency_p95_seconds, min=0,
        ),
        _panel(
            "Error rate", f"Share of requests answered {http.error_status}; the line is the alert threshold.", "percentunit",
            [(f"sum(rate({errors}{rate})) / sum(rate({requests}{rate}))", "errors")],
            threshold=policy.error_ratio, min=0,
        ),
    ]  # fmt: skip

    def limit(resource: str) -> str:
        return f"sum by (pod) (kube_pod_container_resource_limits{_selector({**pods, 'resource': resource}, pod=pod_regex)})"

    saturation = [
        _panel(
            "CPU against limit", "CPU used by each pod's container, as a share of its CPU limit (throttled at 100%).", "percentunit",
            [(
                f"sum by (pod) (rate(container_cpu_usage_seconds_total{_selector(pods, pod=pod_regex)}{rate})) "
                f"/ {limit('cpu')}",
                "{{pod}}",
            )],
            threshold=1, min=0,
        ),
        _panel(
            "Memory against limit", "Working set of each pod's container, as a share of its memory limit (killed at 100%).", "percentunit",
            [(
                f"sum by (pod) (container_memory_working_set_bytes{_selector(pods, pod=pod_regex)}) "
                f"/ {limit('memory')}",
                "{{pod}}",
            )],
            threshold=1, min=0,
        ),
    ]  # fmt: skip
    replicas = [
        (f"max by (deployment) (kube_deployment_status_replicas_available{_selector({'namespace': ns}, deployment='|'.join(sorted(props.deployments)))})",
         "available {{deployment}}"),
    ]  # fmt: skip
    if props.autoscaler is not None:
        hpa = _selector({"namespace": ns, "horizontalpodautoscaler": props.autoscaler})
        replicas += [
            (f"max(kube_horizontalpodautoscaler_status_current_replicas{hpa})", "HPA current"),
            (f"max(kube_horizontalpodautoscaler_spec_min_replicas{hpa})", "HPA minimum"),
            (f"max(kube_horizontalpodautoscaler_spec_max_replicas{hpa})", "HPA maximum"),
        ]
    about = "Available pods per Deployment, and the autoscaler's current, minimum and maximum replicas."
    saturation.append(_panel("Replicas against HPA bounds", about, "short", replicas, min=0, decimals=0))
    rows = [("Traffic", traffic), ("Saturation", saturation)]
    if props.panels:
        custom = []
        for panel in props.panels:
            series = f"{panel.metric}{_selector(where)}"
            expr = f"{panel.aggregation}(rate({series}{rate}))" if panel.rate else f"{panel.aggregation}({series})"
            custom.append(_panel(panel.title, f"{panel.aggregation} of {panel.metric} over the pods.", panel.unit, [(expr, panel.title)]))
        rows.append(("Application", custom))
    return rows


def dashboard(props: ServiceDashboardProps) -> dict[str, Any]:
    """The Grafana dashboard model (schema version 39): rows of two panels side by side."""
    panels: list[dict[str, Any]] = []
    y = 0
    for title, row in dashboard_panels(props):
        panels.append({"type": "row", "title": title, "collapsed": False, "panels": [], "id": len(panels) + 1, "gridPos": _grid(0, y, 24, 1)})
        y += 1
        for i, panel in enumerate(row):
            panels.append({**panel, "id": len(panels) + 1, "gridPos": _grid((i % 2) * _PANEL_WIDTH, y + (i // 2) * _PANEL_HEIGHT)})
        y += ((len(row) + 1) // 2) * _PANEL_HEIGHT
    return {
        "title": props.title,
        "uid": props.uid,
        "description": f"{props.job} in {props.namespace}: traffic, errors, latency and saturation. Generated by constructs_lib.monitoring.",
        "tags": sorted({props.job, props.namespace, "generated"}),
        "editable": False,
        "graphTooltip": 1,
        "schemaVersion": 39,
        "version": 1,
        "refresh": "1m",
        "time": {"from": "now-6h", "to": "now"},
        "timezone": "browser",
        "annotations": {"list": []},
        "links": [],
        "templating": {"list": [_DATASOURCE_VARIABLE]},
        "panels": panels,
    }


def dashboard_json(props: ServiceDashboardProps) -> str:
    """The dashboard as stable JSON text (sorted keys, one line)."""
    return json.dumps(dashboard(props), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class ServiceDashboard(Construct):
    """A Grafana dashboard for a service, as JSON in a ConfigMap labelled ``grafana_dashboard: "1"``.

    The Grafana Helm chart's sidecar (``sidecar.dashboards.enabled``, with ``searchNamespace: ALL`` for dashboards
    outside Grafana's namespace) loads it; the key ``<name>-<namespace>.json`` keeps the environments apart.
    """

    def __init__(self, scope: Construct, id: str, props: ServiceDashboardProps) -> None:
        super().__init__(scope, id)
        props.problems().raise_if_any(f"ServiceDashboard {id!r}")
        self.props = props
        labels = {**dict(props.labels), GRAFANA_DASHBOARD_LABEL: "1"}
        self.config_map = SettingsConfigMap(
            self, "ConfigMap", ConfigMapProps(name=props.name, namespace=props.namespace, data={props.file_name: dashboard_json(props)}, labels=labels)
        )
        if props.folder is not None:
            self.config_map.resource.metadata.add_annotation(GRAFANA_FOLDER_ANNOTATION, props.folder)


# --- a web service's monitoring, as one prop --------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Monitoring:
    """The alerts and dashboard of a service with a metrics port (``WebServiceProps.monitoring``)."""

    alerts: AlertPolicy | None = field(default_factory=AlertPolicy)
    """The PrometheusRule's thresholds and routing, or ``None`` for no PrometheusRule. Left out, the ``AlertPolicy``
    defaults.

    Default: `AlertPolicy(error_ratio=0.05, latency_p95_seconds=0.5, restarts=3, restart_window='15m', rate_window='5m', alerts={}, severities={}, runbook_base_url=None, labels={})`
    """  # noqa: E501
    dashboard: DashboardSettings | None = field(default_factory=DashboardSettings)
    """The Grafana dashboard's title and extra panels, or ``None`` for no dashboard. Left out, the ``DashboardSettings``
    defaults.

    Default: `DashboardSettings(title=None, panels=(), folder=None)`
    """
    http: HttpMetrics = field(default_factory=HttpMetrics)
    """The HTTP metric names of the service. Left out, the ``HttpMetrics`` defaults.

    Default: `HttpMetrics(requests_total='http_requests_total', duration_seconds='http_request_duration_seconds', status_label='status_code', error_status='5..')`
    """  # noqa: E501
    job: str | None = None
    """The ``job`` label of the service's metrics. Left out, the Service's name, which the ServiceMonitor gives.

    Default: `None` (the service's name)
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        if self.alerts is not None and check_type(found, f"{prefix}alerts", self.alerts, AlertPolicy):
            found.extend(self.alerts.problems(f"{prefix}alerts."))
        if self.dashboard is not None and check_type(found, f"{prefix}dashboard", self.dashboard, DashboardSettings):
            found.extend(self.dashboard.problems(f"{prefix}dashboard."))
        if check_type(found, f"{prefix}http", self.http, HttpMetrics):
            found.extend(self.http.problems(f"{prefix}http."))
        if self.job is not None:
            _check_job(found, f"{prefix}job", self.job)
        return found
