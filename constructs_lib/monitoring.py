"""Scrape targets for the Prometheus Operator: a ``ServiceMonitor`` for a Service's metrics port.

The Prometheus Operator's CRDs are pinned in ``manifest_lint/schemas/crds`` (v0.85.0), so the
render gate validates these objects strictly like the built-in kinds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s import ApiObject, ApiObjectMetadata, JsonPatch
from constructs import Construct

from constructs_lib.errors import Problems
from constructs_lib.prop_checks import check_dns_label, check_path, check_port_name

MONITORING_API = "monitoring.coreos.com/v1"


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
        return found


class ServiceMonitor(Construct):
    """A ``monitoring.coreos.com/v1`` ServiceMonitor for one Service port, in the Service's namespace only."""

    def __init__(self, scope: Construct, id: str, props: ServiceMonitorProps) -> None:
        super().__init__(scope, id)
        props.problems().raise_if_any(f"ServiceMonitor {id!r}")
        self.props = props
        self.resource = ApiObject(
            self, "Resource", api_version=MONITORING_API, kind="ServiceMonitor",
            metadata=ApiObjectMetadata(name=props.name, namespace=props.namespace, labels=dict(props.labels)),
        )  # fmt: skip
        spec = {
            "selector": {"matchLabels": dict(props.selector)},
            "namespaceSelector": {"matchNames": [props.namespace]},
            "endpoints": [{"port": props.port, "path": props.path, "interval": props.interval, "scheme": "http"}],
        }
        self.resource.add_json_patch(JsonPatch.add("/spec", spec))
