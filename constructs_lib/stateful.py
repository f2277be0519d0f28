"""``StatefulService``: a hardened StatefulSet with its headless Service and volume claim templates.

Renders the Namespace (optional), ServiceAccount, NetworkPolicy (the members may reach each
other on ``peer_ports``), the governing headless Service (stable DNS names
``<name>-0.<name>.<namespace>.svc``), the StatefulSet with one PersistentVolumeClaim per
member and claim template, and a PodDisruptionBudget that lets one member go at a time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_30 import k8s
from constructs import Construct

from constructs_lib.container import ContainerPort, ContainerSpec, EnvValue, Mount
from constructs_lib.errors import Problems
from constructs_lib.k8s_values import quantity
from constructs_lib.pod import pod_problems, pod_spec
from constructs_lib.probes import Probe
from constructs_lib.prop_checks import check_dns_label, check_dns_subdomain, check_path, check_port, check_quantity, check_range, check_type
from constructs_lib.scaling import DisruptionBudget, DisruptionBudgetProps
from constructs_lib.service import ClusterService, ServicePort, ServiceProps
from constructs_lib.shape import Release, WorkloadProps, adopt, claim_name, render_common
from constructs_lib.workload import MIN_UID, MetricsEndpoint, pod_annotations


@dataclass(frozen=True, kw_only=True)
class VolumeClaim:
    """A PersistentVolumeClaim template: each member gets its own volume, kept when the member is deleted."""

    name: str
    """The claim's name (an RFC 1123 label), also the volume's name in the pod."""
    size: str
    """The storage requested, a quantity such as ``10Gi``."""
    mount_path: str
    """Where the main container mounts it (absolute)."""
    storage_class: str | None = None
    """The StorageClass. Left out, the cluster's default.

    Default: `None`
    """
    access_mode: str = "ReadWriteOnce"
    """``ReadWriteOnce``, ``ReadWriteOncePod``, ``ReadOnlyMany`` or ``ReadWriteMany``. Left out, ``ReadWriteOnce``.

    Default: `'ReadWriteOnce'`
    """

    def problems(self, prefix: str) -> Problems:
        found = Problems()
        check_dns_label(found, f"{prefix}.name", self.name)
        check_quantity(found, f"{prefix}.size", self.size)
        check_path(found, f"{prefix}.mount_path", self.mount_path)
        if self.storage_class is not None:
            check_dns_subdomain(found, f"{prefix}.storage_class", self.storage_class)
        modes = ("ReadWriteOnce", "ReadWriteOncePod", "ReadOnlyMany", "ReadWriteMany")
        found.check(self.access_mode in modes, f"{prefix}.access_mode", self.access_mode, ", ".join(modes))
        return found


@dataclass(frozen=True, kw_only=True)
class StatefulServiceProps(WorkloadProps):
    """Props of ``StatefulService``."""

    release: Release
    """The image and version the members run."""
    ports: tuple[ContainerPort, ...]
    """The container's named ports, at least one; each is a port of the headless Service."""
    claims: tuple[VolumeClaim, ...]
    """The volume claim templates, at least one (else a Deployment would do)."""
    env: Mapping[str, EnvValue] = field(default_factory=dict)
    """Environment variables: literal strings, ``ConfigMapValue`` or ``SecretValue`` references. Left out, none.

    Default: `{}`
    """
    liveness: Probe | None = None
    """The liveness probe (exec, TCP, gRPC or HTTP) on one of ``ports``. Left out, none.

    Default: `None`
    """
    readiness: Probe | None = None
    """The readiness probe. Left out, none.

    Default: `None`
    """
    startup: Probe | None = None
    """The startup probe. Left out, none.

    Default: `None`
    """
    replicas: int = 3
    """The number of members, at least 1. Left out, 3.

    Default: `3`
    """
    peer_ports: tuple[int, ...] = ()
    """Ports on which the members reach each other (replication, gossip). Left out, they cannot.

    Default: `()`
    """
    parallel: bool = False
    """Start and stop the members all at once (``podManagementPolicy: Parallel``). Left out, one after another.

    Default: `False`
    """
    metrics: MetricsEndpoint | None = None
    """A Prometheus scrape endpoint on one of ``ports``. Left out, none.

    Default: `None`
    """
    component: str = "database"
    """``app.kubernetes.io/component`` (a non-empty label value). Left out, ``database``.

    Default: `'database'`
    """

    def problems(self) -> Problems:
        found = self.name_problems()
        found.extend(self.part_problems())
        check_type(found, "release", self.release, Release)
        check_range(found, "replicas", self.replicas, 1, 2**31 - 1)
        check_range(found, "run_as_user", self.run_as_user, MIN_UID, 2**31 - 1)
        found.check(not isinstance(self.ports, tuple) or len(self.ports) > 0, "ports", self.ports, "at least one port")  # a wrong type: see pod_problems
        if check_type(found, "claims", self.claims, tuple, item=VolumeClaim):
            found.check(len(self.claims) > 0, "claims", self.claims, "at least one volume claim template")
            for i, claim in enumerate(self.claims):
                found.extend(claim.problems(f"claims[{i}]"))
        image, version = (self.release.image, self.release.version) if isinstance(self.release, Release) else ("invalid", "invalid")
        found.extend(adopt(self.identity(version, self.component).problems("identity."), self))
        claims = [c for c in self.claims if isinstance(c, VolumeClaim)] if isinstance(self.claims, tuple) else []
        # The container as the props give it; the claims' mounts are added in main_container and checked here.
        container = self.container(image, self.env, ports=self.ports, liveness=self.liveness, readiness=self.readiness, startup=self.startup)
        found.extend(adopt(pod_problems(container, self.pod, claimed_volumes=tuple(c.name for c in claims)), self))
        if check_type(found, "peer_ports", self.peer_ports, tuple, item=int):
            for port in self.peer_ports:
                check_port(found, "peer_ports", port)
        used = [*(self.writable_paths if isinstance(self.writable_paths, tuple) else ()),
                *(m.path for m in (self.mounts if isinstance(self.mounts, tuple) else ()) if isinstance(m, Mount))]  # fmt: skip
        for i, claim in enumerate(claims):
            found.check(claim.mount_path not in used, f"claims[{i}].mount_path", claim.mount_path, "a path no mount or writable path of the container uses")
            used.append(claim.mount_path)
        return found

    def main_container(self, image: str) -> ContainerSpec:
        """The main container, with every claim mounted read-write at its path."""
        claims = tuple(Mount(volume=c.name, path=c.mount_path, read_only=False) for c in self.claims if isinstance(c, VolumeClaim))
        container = self.container(image, self.env, ports=self.ports, liveness=self.liveness, readiness=self.readiness, startup=self.startup)
        return dataclasses.replace(container, mounts=(*container.mounts, *claims))


class StatefulService(Construct):
    """A StatefulSet behind its headless Service, hardened like every shape of this library.

    Children (ids): ``Namespace`` (with ``create_namespace``), ``ServiceAccount``, ``NetworkPolicy``,
    ``Service`` (headless), ``StatefulSet``, ``DisruptionBudget`` (two or more members); each holds
    its object under the id ``Resource``.
    """

    def __init__(self, scope: Construct, id: str, props: StatefulServiceProps) -> None:
        super().__init__(scope, id)
        self.props = props
        found = props.problems()
        found.extend(claim_name(self, props))
        found.raise_if_any(f"StatefulService {props.name!r}")
        identity = props.identity(props.release.version, props.component)
        labels = identity.labels()
        selector = props.pod_selector()
        self.common = render_common(self, props, labels, peer_ports=props.peer_ports)
        service = ServiceProps(
            name=props.name, namespace=props.namespace, selector=selector, headless=True, labels=labels,
            ports=tuple(ServicePort(name=p.name, port=p.port) for p in props.ports),
        )  # fmt: skip
        self.service = ClusterService(self, "Service", service)
        claims = [
            k8s.KubePersistentVolumeClaimProps(
                metadata=k8s.ObjectMeta(name=c.name, labels=labels),
                spec=k8s.PersistentVolumeClaimSpec(
                    access_modes=[c.access_mode], storage_class_name=c.storage_class,
                    resources=k8s.VolumeResourceRequirements(requests={"storage": quantity(c.size)}),
                ),
            )
            for c in props.claims
        ]  # fmt: skip
        stateful_set = Construct(self, "StatefulSet")
        self.resource = k8s.KubeStatefulSet(
            stateful_set, "Resource",
            metadata=k8s.ObjectMeta(name=props.name, namespace=props.namespace, labels=labels, annotations=props.waiver_annotations() or None),
            spec=k8s.StatefulSetSpec(
                service_name=props.name,
                replicas=props.replicas,
                revision_history_limit=5,
                pod_management_policy="Parallel" if props.parallel else "OrderedReady",
                selector=k8s.LabelSelector(match_labels=selector),
                update_strategy=k8s.StatefulSetUpdateStrategy(type="RollingUpdate"),
                persistent_volume_claim_retention_policy=k8s.StatefulSetPersistentVolumeClaimRetentionPolicy(when_deleted="Retain", when_scaled="Retain"),
                volume_claim_templates=claims,
                template=k8s.PodTemplateSpec(
                    metadata=k8s.ObjectMeta(labels=labels, annotations=pod_annotations(props.metrics, props.pod) or None),
                    spec=pod_spec(
                        props.main_container(props.release.image), props.pod, service_account=props.name, run_as_user=props.run_as_user, selector=selector,
                    ),
                ),
            ),
        )  # fmt: skip
        budget = DisruptionBudgetProps(name=props.name, namespace=props.namespace, selector=selector, max_unavailable=1, labels=labels)
        self.disruption_budget = DisruptionBudget(self, "DisruptionBudget", budget) if props.replicas >= 2 else None
