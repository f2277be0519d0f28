"""The hardened pod, shared by every workload shape: the pod spec around the containers.

``PodSettings`` holds the pod-level extension points (sidecars, init containers, volumes,
scheduling, pull secrets, annotations); ``pod_spec`` is the one place that writes a pod spec:
restricted Pod Security at pod level, no API token, no service links, spread over zones and
nodes, every container hardened by ``ContainerSpec.to_k8s``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_30 import k8s

from constructs_lib.container import ContainerPort, ContainerSpec, Mount
from constructs_lib.errors import Problems
from constructs_lib.k8s_values import quantity
from constructs_lib.prop_checks import DNS_LABEL_MAX, check_dns_label, check_dns_subdomain, check_label_value, check_quantity, check_range, check_type

_KEY_NAME = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")
_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
UNPRIVILEGED_PORT_START = 1024
"""Ports below this need ``net.ipv4.ip_unprivileged_port_start`` lowered for a non-root user."""
WRITABLE_SIZE_LIMIT = "64Mi"
"""The size limit of the emptyDir behind each writable path."""


def is_label_key(key: object) -> bool:
    """A label key (a qualified name): an optional DNS subdomain prefix and '/', then a name of at most 63 characters."""
    if not isinstance(key, str):
        return False
    prefix, _, name = key.rpartition("/")
    return bool(_KEY_NAME.match(name)) and (not prefix or (len(prefix) <= 253 and bool(_DNS_SUBDOMAIN.match(prefix))))


@dataclass(frozen=True, kw_only=True)
class EmptyDirVolume:
    """A scratch volume that lives as long as the pod."""

    name: str
    """The volume's name (an RFC 1123 label), unique in the pod."""
    size_limit: str = "64Mi"
    """The most it may hold (a quantity); Kubernetes evicts the pod beyond it. Left out, 64 MiB.

    Default: `'64Mi'`
    """
    memory: bool = False
    """Back it with memory (tmpfs) instead of the node's disk; it then counts against the memory limit. Left out, disk.

    Default: `False`
    """

    def problems(self, prefix: str) -> Problems:
        found = Problems()
        check_quantity(found, f"{prefix}.size_limit", self.size_limit)
        return found

    def to_k8s(self) -> k8s.Volume:
        return k8s.Volume(name=self.name, empty_dir=k8s.EmptyDirVolumeSource(size_limit=quantity(self.size_limit), medium="Memory" if self.memory else None))


@dataclass(frozen=True, kw_only=True)
class ConfigMapVolume:
    """A ConfigMap's keys as files."""

    name: str
    """The volume's name (an RFC 1123 label), unique in the pod."""
    config_map: str
    """The ConfigMap's name."""

    def problems(self, prefix: str) -> Problems:
        found = Problems()
        check_dns_subdomain(found, f"{prefix}.config_map", self.config_map)
        return found

    def to_k8s(self) -> k8s.Volume:
        return k8s.Volume(name=self.name, config_map=k8s.ConfigMapVolumeSource(name=self.config_map))


@dataclass(frozen=True, kw_only=True)
class SecretVolume:
    """A Secret's keys as files (mode 0400)."""

    name: str
    """The volume's name (an RFC 1123 label), unique in the pod."""
    secret: str
    """The Secret's name."""

    def problems(self, prefix: str) -> Problems:
        found = Problems()
        check_dns_subdomain(found, f"{prefix}.secret", self.secret)
        return found

    def to_k8s(self) -> k8s.Volume:
        return k8s.Volume(name=self.name, secret=k8s.SecretVolumeSource(secret_name=self.secret, default_mode=0o400))


@dataclass(frozen=True, kw_only=True)
class ProjectedVolume:
    """Several ConfigMaps and Secrets, and optionally a ServiceAccount token for an audience, in one folder."""

    name: str
    """The volume's name (an RFC 1123 label), unique in the pod."""
    config_maps: tuple[str, ...] = ()
    """ConfigMaps whose keys become files. Left out, none.

    Default: `()`
    """
    secrets: tuple[str, ...] = ()
    """Secrets whose keys become files. Left out, none.

    Default: `()`
    """
    token_audience: str | None = None
    """An audience for a short-lived ServiceAccount token file (``token``), e.g. for cloud workload identity. Left
    out, no token (the pod's API token stays unmounted).

    Default: `None`
    """

    def problems(self, prefix: str) -> Problems:
        found = Problems()
        for kind in ("config_maps", "secrets"):
            if check_type(found, f"{prefix}.{kind}", getattr(self, kind), tuple, item=str):
                for i, name in enumerate(getattr(self, kind)):
                    check_dns_subdomain(found, f"{prefix}.{kind}[{i}]", name)
        found.check(bool(self.config_maps or self.secrets or self.token_audience), prefix, self, "at least one source")
        return found

    def to_k8s(self) -> k8s.Volume:
        sources = [k8s.VolumeProjection(config_map=k8s.ConfigMapProjection(name=n)) for n in self.config_maps]
        sources += [k8s.VolumeProjection(secret=k8s.SecretProjection(name=n)) for n in self.secrets]
        if self.token_audience:
            token = k8s.ServiceAccountTokenProjection(path="token", audience=self.token_audience, expiration_seconds=3600)
            sources.append(k8s.VolumeProjection(service_account_token=token))
        return k8s.Volume(name=self.name, projected=k8s.ProjectedVolumeSource(sources=sources, default_mode=0o400))


Volume = EmptyDirVolume | ConfigMapVolume | SecretVolume | ProjectedVolume
"""A volume of the pod; Pod Security ``restricted`` allows exactly these kinds (no hostPath)."""
VOLUME_TYPES = (EmptyDirVolume, ConfigMapVolume, SecretVolume, ProjectedVolume)


@dataclass(frozen=True, kw_only=True)
class Toleration:
    """A toleration of a node taint."""

    key: str | None = None
    """The taint key (a label key). Left out, with ``operator='Exists'``: every taint.

    Default: `None`
    """
    operator: str = "Equal"
    """``Equal`` (the taint's value must be ``value``) or ``Exists``. Left out, ``Equal``.

    Default: `'Equal'`
    """
    value: str | None = None
    """The taint value (a label value), with ``operator='Equal'``. Left out, none.

    Default: `None`
    """
    effect: str | None = None
    """``NoSchedule``, ``PreferNoSchedule`` or ``NoExecute``. Left out, every effect.

    Default: `None`
    """
    toleration_seconds: int | None = None
    """Only with ``effect='NoExecute'``: how long the pod stays after the taint appears. Left out, forever.

    Default: `None`
    """

    def problems(self, prefix: str) -> Problems:
        found = Problems()
        found.check(self.operator in ("Equal", "Exists"), f"{prefix}.operator", self.operator, "Equal or Exists")
        found.check(self.effect in (None, "NoSchedule", "PreferNoSchedule", "NoExecute"), f"{prefix}.effect", self.effect,
                    "NoSchedule, PreferNoSchedule or NoExecute")  # fmt: skip
        found.check(not (self.operator == "Exists" and self.value), f"{prefix}.value", self.value, "no value with operator Exists")
        found.check(self.key is not None or self.operator == "Exists", f"{prefix}.key", self.key, "a taint key (or operator Exists)")
        if self.key is not None:
            found.check(is_label_key(self.key), f"{prefix}.key", self.key, "a label key such as 'dedicated' or 'example.com/pool'")
        if self.value is not None:
            check_label_value(found, f"{prefix}.value", self.value)
        if self.toleration_seconds is not None:
            check_range(found, f"{prefix}.toleration_seconds", self.toleration_seconds, 0)
            found.check(self.effect == "NoExecute", f"{prefix}.toleration_seconds", self.toleration_seconds, "only with effect NoExecute")
        return found

    def to_k8s(self) -> k8s.Toleration:
        return k8s.Toleration(key=self.key, operator=self.operator, value=self.value, effect=self.effect, toleration_seconds=self.toleration_seconds)


@dataclass(frozen=True, kw_only=True)
class PodSettings:
    """The pod-level extension points of every workload shape."""

    sidecars: tuple[ContainerSpec, ...] = ()
    """Containers that run beside the main one (hardened the same way). Left out, none.

    Default: `()`
    """
    init_containers: tuple[ContainerSpec, ...] = ()
    """Containers that run before the main one; with ``restart_always=True``, native sidecars that keep running.
    Left out, none.

    Default: `()`
    """
    volumes: tuple[Volume, ...] = ()
    """Volumes the containers mount (``ContainerSpec.mounts``): emptyDir, ConfigMap, Secret or projected. Left out,
    only the writable paths' emptyDirs.

    Default: `()`
    """
    node_selector: Mapping[str, str] = field(default_factory=dict)
    """Node labels the pods require. Left out, any node.

    Default: `{}`
    """
    tolerations: tuple[Toleration, ...] = ()
    """Taints the pods tolerate. Left out, none.

    Default: `()`
    """
    affinity: k8s.Affinity | None = None
    """Node and pod (anti-)affinity, as the typed cdk8s object. Left out, none (the pods are still spread over zones
    and nodes, see ``topology_spread``).

    Default: `None`
    """
    topology_spread: bool = True
    """Spread the pods over zones and nodes (``ScheduleAnyway``). Left out, spread.

    Default: `True`
    """
    annotations: Mapping[str, str] = field(default_factory=dict)
    """Annotations on the pods (e.g. for a log shipper). Left out, none beyond the construct's own.

    Default: `{}`
    """
    image_pull_secrets: tuple[str, ...] = ()
    """Secrets with registry credentials. Left out, none.

    Default: `()`
    """
    termination_grace_period_seconds: int | None = None
    """Seconds a pod gets to stop. Left out, Kubernetes' 30.

    Default: `None`
    """

    def problems(self, prefix: str) -> Problems:
        found = Problems()
        for kind in ("sidecars", "init_containers"):
            if check_type(found, f"{prefix}{kind}", getattr(self, kind), tuple, item=ContainerSpec):
                for i, container in enumerate(getattr(self, kind)):
                    found.extend(container.problems(f"{prefix}{kind}[{i}]"))
                    if kind == "sidecars":
                        found.check(not container.restart_always, f"{prefix}{kind}[{i}].restart_always", True,
                                    "False: native sidecars (restart_always) go in init_containers")  # fmt: skip
                    elif not container.restart_always:  # the API server refuses probes on an init container that runs to completion
                        for probe in ("liveness", "readiness", "startup"):
                            found.check(getattr(container, probe) is None, f"{prefix}{kind}[{i}].{probe}", getattr(container, probe),
                                        "none: only a native sidecar (restart_always=True) may have probes")  # fmt: skip
        if check_type(found, f"{prefix}volumes", self.volumes, tuple, item=VOLUME_TYPES):
            for i, volume in enumerate(self.volumes):
                check_dns_label(found, f"{prefix}volumes[{i}].name", volume.name)
                found.extend(volume.problems(f"{prefix}volumes[{i}]"))
        if check_type(found, f"{prefix}node_selector", self.node_selector, Mapping):
            for key, value in self.node_selector.items():
                found.check(is_label_key(key), f"{prefix}node_selector", key, "label keys such as 'pool' or 'example.com/pool'")
                check_label_value(found, f"{prefix}node_selector[{key!r}]", value)
        if check_type(found, f"{prefix}tolerations", self.tolerations, tuple, item=Toleration):
            for i, toleration in enumerate(self.tolerations):
                found.extend(toleration.problems(f"{prefix}tolerations[{i}]"))
        if self.affinity is not None:
            check_type(found, f"{prefix}affinity", self.affinity, k8s.Affinity)
        check_type(found, f"{prefix}topology_spread", self.topology_spread, bool)
        check_type(found, f"{prefix}annotations", self.annotations, Mapping)
        if check_type(found, f"{prefix}image_pull_secrets", self.image_pull_secrets, tuple, item=str):
            for i, name in enumerate(self.image_pull_secrets):
                check_dns_subdomain(found, f"{prefix}image_pull_secrets[{i}]", name)
        if self.termination_grace_period_seconds is not None:
            check_range(found, f"{prefix}termination_grace_period_seconds", self.termination_grace_period_seconds, 0, 3600)
        return found


def pod_problems(main: ContainerSpec, settings: PodSettings, prefix: str = "", *, claimed_volumes: tuple[str, ...] = ()) -> Problems:
    """The problems of a pod as a whole: each part's, and names that must be unique across containers and volumes.

    ``claimed_volumes`` are volumes that come from elsewhere (a StatefulSet's claim templates).
    """
    found = Problems()
    found.extend(main.problems(f"{prefix}container"))
    found.extend(settings.problems(prefix))
    if not isinstance(settings.sidecars, tuple) or not isinstance(settings.init_containers, tuple) or not isinstance(settings.volumes, tuple):
        return found
    containers = [c for c in (main, *settings.sidecars, *settings.init_containers) if isinstance(c, ContainerSpec)]
    # Only values of the right types take part below (a wrong type is already a problem, and may not even hash).
    names = [c.name for c in containers if isinstance(c.name, str)]
    found.check(len(set(names)) == len(names), f"{prefix}container names", names, "distinct container names")
    volume_names = [v.name for v in settings.volumes if isinstance(v, VOLUME_TYPES) and isinstance(v.name, str)]
    volumes = volume_names + [name for name, _ in _writable_volumes(main, settings, checked=True)] + list(claimed_volumes)
    found.check(len(set(volumes)) == len(volumes), f"{prefix}volumes", volumes, "distinct volume names (writable paths make volumes too)")
    for c_index, container in enumerate(containers[1:], start=1):  # the API server refuses volume names beyond 63 characters
        for i, (name, path) in enumerate(_writable_volumes_of(container, f"{container.name}-")):
            found.check(len(name) <= DNS_LABEL_MAX, f"{prefix}{_where(c_index, len(settings.sidecars))}.writable_paths[{i}]", path,
                        f"a path whose volume name {name!r} fits {DNS_LABEL_MAX} characters: shorten it or the container's name")  # fmt: skip
    known = set(volume_names) | set(claimed_volumes)
    for c_index, container in enumerate(containers):
        for i, mount in enumerate(container.mounts if isinstance(container.mounts, tuple) else ()):
            if isinstance(mount, Mount):
                found.check(mount.volume in known, f"{prefix}{_where(c_index, len(settings.sidecars))}.mounts[{i}].volume", mount.volume,
                            f"one of the pod's volumes {sorted(known)}")  # fmt: skip
    ports = [p.port for c in containers for p in (c.ports if isinstance(c.ports, tuple) else ()) if isinstance(p, ContainerPort) and isinstance(p.port, int)]
    found.check(len(set(ports)) == len(ports), f"{prefix}ports", ports, "port numbers distinct across the pod's containers")
    return found


def _where(index: int, sidecars: int) -> str:
    if index == 0:
        return "container"
    return f"sidecars[{index - 1}]" if index <= sidecars else f"init_containers[{index - 1 - sidecars}]"


def _writable_volumes(main: ContainerSpec, settings: PodSettings, *, checked: bool = False) -> list[tuple[str, str]]:
    """(volume name, path) of every container's writable paths; ``checked``: only those of the right types."""
    if checked:
        extra = [c for c in (*settings.sidecars, *settings.init_containers) if isinstance(c, ContainerSpec) and isinstance(c.name, str)]
        return _writable_volumes_of(main, "") + [v for c in extra for v in _writable_volumes_of(c, f"{c.name}-")]
    volumes = main.writable_volumes()
    for container in (*settings.sidecars, *settings.init_containers):
        volumes += container.writable_volumes(f"{container.name}-")
    return volumes


def _writable_volumes_of(container: ContainerSpec, volume_prefix: str) -> list[tuple[str, str]]:
    paths = container.writable_paths
    if not isinstance(paths, tuple) or not all(isinstance(p, str) for p in paths):
        return []
    return container.writable_volumes(volume_prefix)


def pod_spec(
    main: ContainerSpec,
    settings: PodSettings,
    *,
    service_account: str,
    run_as_user: int,
    selector: Mapping[str, str],
    restart_policy: str | None = None,
) -> k8s.PodSpec:
    """The hardened pod spec around ``main`` (check ``pod_problems`` first)."""
    containers = [main, *settings.sidecars, *settings.init_containers]
    lowest_port = min((p.port for c in containers for p in c.ports), default=UNPRIVILEGED_PORT_START)
    sysctls = None
    if lowest_port < UNPRIVILEGED_PORT_START:
        sysctls = [k8s.Sysctl(name="net.ipv4.ip_unprivileged_port_start", value=str(lowest_port))]
    volumes = [
        k8s.Volume(name=name, empty_dir=k8s.EmptyDirVolumeSource(size_limit=quantity(WRITABLE_SIZE_LIMIT))) for name, _ in _writable_volumes(main, settings)
    ] + [volume.to_k8s() for volume in settings.volumes]
    return k8s.PodSpec(
        service_account_name=service_account,
        automount_service_account_token=False,
        enable_service_links=False,
        restart_policy=restart_policy,
        security_context=k8s.PodSecurityContext(
            run_as_non_root=True,
            run_as_user=run_as_user,
            run_as_group=run_as_user,
            fs_group=run_as_user,
            seccomp_profile=k8s.SeccompProfile(type="RuntimeDefault"),
            sysctls=sysctls,
        ),
        topology_spread_constraints=[
            k8s.TopologySpreadConstraint(
                max_skew=1, topology_key=key, when_unsatisfiable="ScheduleAnyway", label_selector=k8s.LabelSelector(match_labels=dict(selector)),
            )
            for key in ("topology.kubernetes.io/zone", "kubernetes.io/hostname")
        ] if settings.topology_spread else None,
        containers=[main.to_k8s(run_as_user)] + [c.to_k8s(run_as_user, f"{c.name}-") for c in settings.sidecars],
        init_containers=[c.to_k8s(run_as_user, f"{c.name}-") for c in settings.init_containers] or None,
        volumes=volumes or None,
        node_selector=dict(settings.node_selector) or None,
        tolerations=[t.to_k8s() for t in settings.tolerations] or None,
        affinity=settings.affinity,
        image_pull_secrets=[k8s.LocalObjectReference(name=n) for n in settings.image_pull_secrets] or None,
        termination_grace_period_seconds=settings.termination_grace_period_seconds,
    )  # fmt: skip
