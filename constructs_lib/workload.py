"""A hardened Deployment: the shared hardened pod (``pod.py``) in a Deployment with rolling updates.

cdk8s-plus's Deployment adds hashed names, a ``cdk8s.io/metadata.addr`` selector and
resource defaults, and emits neither seccomp nor dropped capabilities; this construct
uses the L1 ``KubeDeployment`` so every field is ours and stable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_30 import k8s
from constructs import Construct

from constructs_lib.container import ContainerSpec
from constructs_lib.errors import Problems
from constructs_lib.k8s_values import int_or_string
from constructs_lib.labels import AppIdentity
from constructs_lib.pod import PodSettings, pod_problems, pod_spec
from constructs_lib.prop_checks import check_dns_label, check_label_value, check_path, check_range, check_type

MIN_UID = 1000
"""Lowest UID accepted: below it lie the system users of common base images."""


@dataclass(frozen=True, kw_only=True)
class MetricsEndpoint:
    """Where Prometheus scrapes the pod (written as ``prometheus.io/*`` pod annotations)."""

    port: int
    """The port scraped (``prometheus.io/port``); it must be one of the container's ports."""
    path: str = "/metrics"
    """The URL path scraped (``prometheus.io/path``): absolute, without spaces. Left out, ``/metrics``.

    Default: `'/metrics'`
    """


@dataclass(frozen=True, kw_only=True)
class DeploymentProps:
    """Props of ``HardenedDeployment``."""

    name: str
    """The Deployment name (an RFC 1123 label)."""
    namespace: str
    """Its namespace (an RFC 1123 label)."""
    identity: AppIdentity
    """The application's labels; ``identity.selector()`` (with ``extra_pod_labels``) selects the pods."""
    container: ContainerSpec
    """The main container."""
    service_account: str
    """The ServiceAccount the pods run as (an RFC 1123 label)."""
    pod: PodSettings = field(default_factory=PodSettings)
    """Sidecars, init containers, volumes, scheduling and other pod-level settings. Left out, none of them.

    Default: `PodSettings(sidecars=(), init_containers=(), volumes=(), node_selector={}, tolerations=(), affinity=None, topology_spread=True, annotations={}, image_pull_secrets=(), termination_grace_period_seconds=None)`
    """  # noqa: E501
    replicas: int | None = None
    """A fixed replica count, at least 0. Left out, ``spec.replicas`` is not written, so an autoscaler owns it: a fixed
    count on an autoscaled Deployment makes the two fight.

    Default: `None`
    """
    max_surge: int = 1
    """RollingUpdate maxSurge, in pods, at least 0; not 0 together with ``max_unavailable``. Left out, one extra pod.

    Default: `1`
    """
    max_unavailable: int = 0
    """RollingUpdate maxUnavailable, in pods, at least 0; not 0 together with ``max_surge``. Left out, no pod is taken
    down before its replacement is ready.

    Default: `0`
    """
    run_as_user: int = 10001
    """The UID (and GID and fsGroup) of every container, from 1000 (below lie the system users of common base images)
    to 2147483647. Left out, 10001.

    Default: `10001`
    """
    metrics: MetricsEndpoint | None = None
    """The Prometheus scrape endpoint; its port must be one of the container's ports. Left out, the pods get no
    ``prometheus.io/*`` annotations.

    Default: `None`
    """
    extra_pod_labels: Mapping[str, str] = field(default_factory=dict)
    """Labels (label values) added to the Deployment, its pods and its selector, e.g. a blue/green slot. Left out, none.

    Default: `{}`
    """
    annotations: Mapping[str, str] = field(default_factory=dict)
    """Annotations on the Deployment, e.g. policy waivers. Left out, none.

    Default: `{}`
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        check_dns_label(found, f"{prefix}name", self.name)
        check_dns_label(found, f"{prefix}namespace", self.namespace)
        found.extend(self.identity.problems(f"{prefix}identity."))
        check_dns_label(found, f"{prefix}service_account", self.service_account)
        if check_type(found, f"{prefix}container", self.container, ContainerSpec) and check_type(found, f"{prefix}pod", self.pod, PodSettings):
            found.extend(pod_problems(self.container, self.pod, prefix))
        numbers = [p.port for p in self.container.ports] if isinstance(self.container, ContainerSpec) else []
        if self.metrics is not None:
            found.check(self.metrics.port in numbers, f"{prefix}metrics.port", self.metrics.port, f"one of the container ports {numbers}")
            check_path(found, f"{prefix}metrics.path", self.metrics.path)
        if self.replicas is not None:
            check_range(found, f"{prefix}replicas", self.replicas, 0, 2**31 - 1)
        check_range(found, f"{prefix}max_surge", self.max_surge, 0)
        check_range(found, f"{prefix}max_unavailable", self.max_unavailable, 0)
        found.check(
            not (self.max_surge == 0 and self.max_unavailable == 0), f"{prefix}max_surge/max_unavailable",
            (self.max_surge, self.max_unavailable), "not both 0: a rollout could then never replace a pod",
        )  # fmt: skip
        check_range(found, f"{prefix}run_as_user", self.run_as_user, MIN_UID, 2**31 - 1)
        for key, value in self.extra_pod_labels.items():
            check_label_value(found, f"{prefix}extra_pod_labels[{key!r}]", value)
        return found

    @property
    def selector(self) -> dict[str, str]:
        return {**self.identity.selector(), **self.extra_pod_labels}


def pod_annotations(metrics: MetricsEndpoint | None, settings: PodSettings) -> dict[str, str]:
    """The pod template's annotations: Prometheus' scrape annotations for ``metrics``, then the settings' own."""
    scrape = {"prometheus.io/scrape": "true", "prometheus.io/port": str(metrics.port), "prometheus.io/path": metrics.path} if metrics else {}
    return {**scrape, **settings.annotations}


class HardenedDeployment(Construct):
    """A Deployment whose pods pass Pod Security Standards ``restricted`` (see ``pod.pod_spec``)."""

    def __init__(self, scope: Construct, id: str, props: DeploymentProps) -> None:
        super().__init__(scope, id)
        props.problems().raise_if_any(f"HardenedDeployment {id!r}")
        self.props = props
        pod_labels = {**props.identity.labels(), **props.extra_pod_labels}
        self.resource = k8s.KubeDeployment(
            self, "Resource",
            metadata=k8s.ObjectMeta(name=props.name, namespace=props.namespace, labels=pod_labels, annotations=dict(props.annotations) or None),
            spec=k8s.DeploymentSpec(
                replicas=props.replicas,
                revision_history_limit=5,
                selector=k8s.LabelSelector(match_labels=props.selector),
                strategy=k8s.DeploymentStrategy(
                    type="RollingUpdate",
                    rolling_update=k8s.RollingUpdateDeployment(
                        max_surge=int_or_string(props.max_surge),
                        max_unavailable=int_or_string(props.max_unavailable),
                    ),
                ),
                template=k8s.PodTemplateSpec(
                    metadata=k8s.ObjectMeta(labels=pod_labels, annotations=pod_annotations(props.metrics, props.pod) or None),
                    spec=pod_spec(props.container, props.pod, service_account=props.service_account, run_as_user=props.run_as_user, selector=props.selector),
                ),
            ),
        )  # fmt: skip
