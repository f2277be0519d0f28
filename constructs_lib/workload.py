"""A hardened Deployment: restricted Pod Security, read-only root filesystem, probes and limits.

cdk8s-plus's Deployment adds hashed names, a ``cdk8s.io/metadata.addr`` selector and
resource defaults, and emits neither seccomp nor dropped capabilities; this construct
uses the L1 ``KubeDeployment`` so every field is ours and stable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_30 import k8s
from constructs import Construct

from constructs_lib.errors import Problems
from constructs_lib.k8s_values import int_or_string, quantity
from constructs_lib.labels import AppIdentity
from constructs_lib.prop_checks import (
    check_dns_label,
    check_image,
    check_label_value,
    check_path,
    check_port,
    check_port_name,
    check_quantity,
    check_range,
)

MIN_UID = 1000
"""Lowest UID accepted: below it lie the system users of common base images."""

_WRITABLE_PATH = re.compile(r"^(/[A-Za-z0-9._-]+)+$")

UNPRIVILEGED_PORT_START = 1024
"""Ports below this need ``net.ipv4.ip_unprivileged_port_start`` lowered for a non-root user."""


@dataclass(frozen=True, kw_only=True)
class ContainerPort:
    """A named TCP port the container listens on."""

    name: str
    """The port's name: an IANA service name (at most 15 lower-case letters, digits and '-', with at least one letter)."""
    port: int
    """The port number, from 1 to 65535."""

    def problems(self, prefix: str) -> Problems:
        found = Problems()
        check_port_name(found, f"{prefix}.name", self.name)
        check_port(found, f"{prefix}.port", self.port)
        return found


@dataclass(frozen=True, kw_only=True)
class HttpProbe:
    """An HTTP GET probe. Timings default to Kubernetes' own defaults; ``successThreshold`` is always 1."""

    path: str
    """The URL path probed: absolute (starting with '/'), without spaces, e.g. ``/healthz``."""
    port: int
    """The container port number probed, from 1 to 65535; it must be one of the container's ports."""
    initial_delay_seconds: int = 0
    """Seconds after the container starts before the first probe, from 0 to 3600. Left out, the first probe runs at
    once.

    Default: `0`
    """
    period_seconds: int = 10
    """Seconds between probes, from 1 to 3600. Left out, every 10 seconds.

    Default: `10`
    """
    timeout_seconds: int = 1
    """Seconds a probe may take before it counts as failed, from 1 to 3600 and less than ``period_seconds``. Left out,
    1 second.

    Default: `1`
    """
    failure_threshold: int = 3
    """Consecutive failures after which the probe fails (liveness: the container restarts; readiness: the pod leaves
    the Service), from 1 to 100. Left out, 3.

    Default: `3`
    """

    def problems(self, prefix: str) -> Problems:
        found = Problems()
        check_path(found, f"{prefix}.path", self.path)
        check_port(found, f"{prefix}.port", self.port)
        check_range(found, f"{prefix}.initial_delay_seconds", self.initial_delay_seconds, 0, 3600)
        check_range(found, f"{prefix}.period_seconds", self.period_seconds, 1, 3600)
        check_range(found, f"{prefix}.timeout_seconds", self.timeout_seconds, 1, 3600)
        check_range(found, f"{prefix}.failure_threshold", self.failure_threshold, 1, 100)
        if isinstance(self.timeout_seconds, int) and isinstance(self.period_seconds, int):
            found.check(
                self.timeout_seconds < self.period_seconds,
                f"{prefix}.timeout_seconds",
                self.timeout_seconds,
                f"less than period_seconds ({self.period_seconds})",
            )
        return found

    def to_k8s(self) -> k8s.Probe:
        return k8s.Probe(
            http_get=k8s.HttpGetAction(path=self.path, port=int_or_string(self.port), scheme="HTTP"),
            initial_delay_seconds=self.initial_delay_seconds,
            period_seconds=self.period_seconds,
            timeout_seconds=self.timeout_seconds,
            failure_threshold=self.failure_threshold,
            success_threshold=1,
        )


@dataclass(frozen=True, kw_only=True)
class Resources:
    """CPU, memory and ephemeral-storage requests and limits; each limit must be at least its request.

    The defaults suit a small web service; pass all values you care about (unlike
    cdk8s-plus, a value you leave out keeps its default here rather than disappearing).
    """

    cpu_request: str = "100m"
    """The CPU request: a positive quantity such as ``100m`` or ``0.5``. Left out, a tenth of a core.

    Default: `'100m'`
    """
    cpu_limit: str = "500m"
    """The CPU limit: a positive quantity, at least ``cpu_request``. Left out, half a core.

    Default: `'500m'`
    """
    memory_request: str = "128Mi"
    """The memory request: a positive quantity such as ``128Mi`` or ``1Gi``. Left out, 128 MiB.

    Default: `'128Mi'`
    """
    memory_limit: str = "256Mi"
    """The memory limit: a positive quantity, at least ``memory_request``. Left out, 256 MiB.

    Default: `'256Mi'`
    """
    ephemeral_storage_request: str = "64Mi"
    """The ephemeral-storage request: a positive quantity. Left out, 64 MiB.

    Default: `'64Mi'`
    """
    ephemeral_storage_limit: str = "256Mi"
    """The ephemeral-storage limit: a positive quantity, at least ``ephemeral_storage_request``. Left out, 256 MiB.

    Default: `'256Mi'`
    """

    def problems(self, prefix: str) -> Problems:
        found = Problems()
        for resource in ("cpu", "memory", "ephemeral_storage"):
            request = check_quantity(found, f"{prefix}.{resource}_request", getattr(self, f"{resource}_request"))
            limit = check_quantity(found, f"{prefix}.{resource}_limit", getattr(self, f"{resource}_limit"))
            if request is not None and limit is not None:
                found.check(
                    limit >= request,
                    f"{prefix}.{resource}_limit",
                    getattr(self, f"{resource}_limit"),
                    f"at least {resource}_request ({getattr(self, f'{resource}_request')})",
                )
        return found

    def to_k8s(self) -> k8s.ResourceRequirements:
        def quantities(kind: str) -> dict[str, k8s.Quantity]:
            return {
                "cpu": quantity(getattr(self, f"cpu_{kind}")),
                "memory": quantity(getattr(self, f"memory_{kind}")),
                "ephemeral-storage": quantity(getattr(self, f"ephemeral_storage_{kind}")),
            }

        return k8s.ResourceRequirements(requests=quantities("request"), limits=quantities("limit"))


@dataclass(frozen=True, kw_only=True)
class ConfigMapValue:
    """An environment variable whose value comes from a ConfigMap key."""

    config_map: str
    """The ConfigMap's name."""
    key: str
    """The key whose value the variable gets."""


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
    image: str
    """The image, pinned by a tag other than ``latest`` or by a sha256 digest, e.g. ``ghcr.io/org/app:1.2.3``."""
    ports: tuple[ContainerPort, ...]
    """The container's named ports: at least one, with distinct names and distinct numbers."""
    liveness: HttpProbe
    """The liveness probe; its port must be one of ``ports``."""
    readiness: HttpProbe
    """The readiness probe; its port must be one of ``ports``."""
    service_account: str
    """The ServiceAccount the pods run as (an RFC 1123 label)."""
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
    resources: Resources = field(default_factory=Resources)
    """The container's requests and limits. Left out, the ``Resources`` defaults.

    Default: `Resources(cpu_request='100m', cpu_limit='500m', memory_request='128Mi', memory_limit='256Mi', ephemeral_storage_request='64Mi', ephemeral_storage_limit='256Mi')`
    """  # noqa: E501
    env: Mapping[str, str | ConfigMapValue] = field(default_factory=dict)
    """Environment variables: literal strings or ``ConfigMapValue`` references, under names that are not empty, have
    no '=' and do not start with a digit. Left out, none.

    Default: `{}`
    """
    run_as_user: int = 10001
    """The UID (and GID and fsGroup) of the container, from 1000 (below lie the system users of common base images)
    to 2147483647. Left out, 10001.

    Default: `10001`
    """
    writable_paths: tuple[str, ...] = ("/tmp",)
    """Paths mounted as emptyDir volumes, because the root filesystem is read-only: absolute paths of letters,
    digits, '.', '_', '-' and '/', without a trailing '/', whose volume names (at most 63 characters) are distinct.
    Left out, only ``/tmp``.

    Default: `('/tmp',)`
    """
    metrics: MetricsEndpoint | None = None
    """The Prometheus scrape endpoint; its port must be one of ``ports``. Left out, the pods get no ``prometheus.io/*``
    annotations.

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
    container_name: str | None = None
    """The container's name (an RFC 1123 label). Left out, the application's name.

    Default: `None` (``identity.name``)
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        check_dns_label(found, f"{prefix}name", self.name)
        check_dns_label(found, f"{prefix}namespace", self.namespace)
        found.extend(self.identity.problems(f"{prefix}identity."))
        check_image(found, f"{prefix}image", self.image)
        check_dns_label(found, f"{prefix}service_account", self.service_account)
        check_dns_label(found, f"{prefix}container_name", self.container_name or self.identity.name)
        found.check(len(self.ports) > 0, f"{prefix}ports", self.ports, "at least one container port")
        for i, port in enumerate(self.ports):
            found.extend(port.problems(f"{prefix}ports[{i}]"))
        names = [p.name for p in self.ports]
        numbers = [p.port for p in self.ports]
        found.check(len(set(names)) == len(names), f"{prefix}ports", names, "distinct port names")
        found.check(len(set(numbers)) == len(numbers), f"{prefix}ports", numbers, "distinct port numbers")
        for probe_name, probe in (("liveness", self.liveness), ("readiness", self.readiness)):
            found.extend(probe.problems(f"{prefix}{probe_name}"))
            found.check(probe.port in numbers, f"{prefix}{probe_name}.port", probe.port, f"one of the container ports {numbers}")
        if self.metrics is not None:
            found.check(self.metrics.port in numbers, f"{prefix}metrics.port", self.metrics.port, f"one of the container ports {numbers}")
            check_path(found, f"{prefix}metrics.path", self.metrics.path)
        if self.replicas is not None:
            check_range(found, f"{prefix}replicas", self.replicas, 0)
        check_range(found, f"{prefix}max_surge", self.max_surge, 0)
        check_range(found, f"{prefix}max_unavailable", self.max_unavailable, 0)
        found.check(
            not (self.max_surge == 0 and self.max_unavailable == 0), f"{prefix}max_surge/max_unavailable",
            (self.max_surge, self.max_unavailable), "not both 0: a rollout could then never replace a pod",
        )  # fmt: skip
        found.extend(self.resources.problems(f"{prefix}resources"))
        check_range(found, f"{prefix}run_as_user", self.run_as_user, MIN_UID, 2**31 - 1)
        for i, path in enumerate(self.writable_paths):
            found.check(
                isinstance(path, str) and bool(_WRITABLE_PATH.match(path)) and len(volume_name(path)) <= 63,
                f"{prefix}writable_paths[{i}]", path,
                "an absolute path of letters, digits, '.', '_', '-' and '/', without a trailing '/', whose volume name fits 63 characters",
            )  # fmt: skip
        volume_names = [volume_name(p) for p in self.writable_paths if isinstance(p, str)]
        found.check(
            len(set(volume_names)) == len(volume_names), f"{prefix}writable_paths", self.writable_paths, f"paths whose volume names {volume_names} are distinct"
        )
        for key, value in self.extra_pod_labels.items():
            check_label_value(found, f"{prefix}extra_pod_labels[{key!r}]", value)
        for env_name in self.env:
            found.check(
                bool(env_name) and not env_name[0].isdigit() and "=" not in env_name,
                f"{prefix}env",
                env_name,
                "a variable name (not empty, no '=', not starting with a digit)",
            )
        return found

    @property
    def selector(self) -> dict[str, str]:
        return {**self.identity.selector(), **self.extra_pod_labels}


def volume_name(path: str) -> str:
    """A stable volume name for a writable path: ``/var/cache/nginx`` -> ``var-cache-nginx``."""
    return path.strip("/").replace("/", "-").replace("_", "-").replace(".", "-").lower() or "root"


class HardenedDeployment(Construct):
    """A Deployment whose pods pass Pod Security Standards ``restricted``.

    Pods run as a non-root UID with seccomp ``RuntimeDefault``, all capabilities dropped,
    no privilege escalation, a read-only root filesystem (``writable_paths`` become
    emptyDir volumes), no API token, explicit resources and HTTP probes. When a port is
    below 1024, the pod sets the namespaced sysctl ``net.ipv4.ip_unprivileged_port_start``
    (allowed by every Pod Security level) so a non-root process can bind it.
    """

    def __init__(self, scope: Construct, id: str, props: DeploymentProps) -> None:
        super().__init__(scope, id)
        props.problems().raise_if_any(f"HardenedDeployment {id!r}")
        self.props = props
        pod_labels = {**props.identity.labels(), **props.extra_pod_labels}
        self.resource = k8s.KubeDeployment(
            self, "Resource",
            metadata=k8s.ObjectMeta(
                name=props.name, namespace=props.namespace,
                labels={**props.identity.labels(), **props.extra_pod_labels},
                annotations=dict(props.annotations) or None,
            ),
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
                    metadata=k8s.ObjectMeta(labels=pod_labels, annotations=self._pod_annotations() or None),
                    spec=self._pod_spec(),
                ),
            ),
        )  # fmt: skip

    def _pod_annotations(self) -> dict[str, str]:
        metrics = self.props.metrics
        if metrics is None:
            return {}
        return {"prometheus.io/scrape": "true", "prometheus.io/port": str(metrics.port), "prometheus.io/path": metrics.path}

    def _pod_spec(self) -> k8s.PodSpec:
        props = self.props
        sysctls = None
        lowest_port = min(p.port for p in props.ports)
        if lowest_port < UNPRIVILEGED_PORT_START:
            sysctls = [k8s.Sysctl(name="net.ipv4.ip_unprivileged_port_start", value=str(lowest_port))]
        return k8s.PodSpec(
            service_account_name=props.service_account,
            automount_service_account_token=False,
            enable_service_links=False,
            security_context=k8s.PodSecurityContext(
                run_as_non_root=True,
                run_as_user=props.run_as_user,
                run_as_group=props.run_as_user,
                fs_group=props.run_as_user,
                seccomp_profile=k8s.SeccompProfile(type="RuntimeDefault"),
                sysctls=sysctls,
            ),
            topology_spread_constraints=[
                k8s.TopologySpreadConstraint(
                    max_skew=1, topology_key=key, when_unsatisfiable="ScheduleAnyway",
                    label_selector=k8s.LabelSelector(match_labels=props.selector),
                )
                for key in ("topology.kubernetes.io/zone", "kubernetes.io/hostname")
            ],
            containers=[self._container()],
            volumes=[
                k8s.Volume(name=volume_name(path), empty_dir=k8s.EmptyDirVolumeSource(size_limit=quantity("64Mi")))
                for path in props.writable_paths
            ] or None,
        )  # fmt: skip

    def _container(self) -> k8s.Container:
        props = self.props
        env = []
        for env_name, value in props.env.items():
            if isinstance(value, ConfigMapValue):
                source = k8s.EnvVarSource(config_map_key_ref=k8s.ConfigMapKeySelector(name=value.config_map, key=value.key))
                env.append(k8s.EnvVar(name=env_name, value_from=source))
            else:
                env.append(k8s.EnvVar(name=env_name, value=value))
        return k8s.Container(
            name=props.container_name or props.identity.name,
            image=props.image,
            image_pull_policy="IfNotPresent",
            ports=[k8s.ContainerPort(name=p.name, container_port=p.port, protocol="TCP") for p in props.ports],
            env=env or None,
            resources=props.resources.to_k8s(),
            liveness_probe=props.liveness.to_k8s(),
            readiness_probe=props.readiness.to_k8s(),
            security_context=k8s.SecurityContext(
                allow_privilege_escalation=False,
                privileged=False,
                read_only_root_filesystem=True,
                run_as_non_root=True,
                run_as_user=props.run_as_user,
                run_as_group=props.run_as_user,
                capabilities=k8s.Capabilities(drop=["ALL"]),
                seccomp_profile=k8s.SeccompProfile(type="RuntimeDefault"),
            ),
            volume_mounts=[k8s.VolumeMount(name=volume_name(path), mount_path=path) for path in props.writable_paths] or None,
        )  # fmt: skip
