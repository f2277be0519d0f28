"""``Worker``: a hardened Deployment that serves nothing (a queue consumer, a stream processor).

Renders the Namespace (optional), ServiceAccount, Deployment, NetworkPolicy (nothing gets
in; only what ``network`` allows gets out), a PodDisruptionBudget when two or more pods
run, and a HorizontalPodAutoscaler when ``autoscale`` is set. No Service and no ports are
needed; probes are optional and may be exec, TCP, gRPC or HTTP.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from constructs import Construct

from constructs_lib.container import ContainerPort, EnvValue
from constructs_lib.errors import Problems
from constructs_lib.probes import Probe
from constructs_lib.prop_checks import check_range, check_type
from constructs_lib.scaling import Autoscaler, AutoscalerProps, DisruptionBudget, DisruptionBudgetProps
from constructs_lib.shape import Release, WorkloadProps, adopt, claim_name, render_common
from constructs_lib.workload import DeploymentProps, HardenedDeployment, MetricsEndpoint


@dataclass(frozen=True, kw_only=True)
class WorkerAutoscaling:
    """Scale the worker on CPU between two bounds."""

    min_replicas: int = 2
    """The lower bound, at least 2 (the policy pack refuses an autoscaler that may scale down to one pod). Left out, 2.

    Default: `2`
    """
    max_replicas: int = 6
    """The upper bound, at least ``min_replicas``. Left out, 6.

    Default: `6`
    """
    cpu_utilization: int = 70
    """The target average CPU utilization, in percent of the request, from 1 to 100. Left out, 70.

    Default: `70`
    """


@dataclass(frozen=True, kw_only=True)
class WorkerProps(WorkloadProps):
    """Props of ``Worker``."""

    release: Release
    """The image and version the worker runs."""
    env: Mapping[str, EnvValue] = field(default_factory=dict)
    """Environment variables: literal strings, ``ConfigMapValue`` or ``SecretValue`` references. Left out, none.

    Default: `{}`
    """
    ports: tuple[ContainerPort, ...] = ()
    """Named container ports (e.g. a ``metrics`` port). Left out, none: nothing connects to a worker.

    Default: `()`
    """
    liveness: Probe | None = None
    """The liveness probe (exec, TCP, gRPC or HTTP). Left out, none (the policy pack will say so; waive it with a
    reason if the process exits on failure).

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
    replicas: int = 2
    """The fixed number of pods, at least 1; ignored with ``autoscale``. Left out, 2.

    Default: `2`
    """
    autoscale: WorkerAutoscaling | None = None
    """Scale on CPU instead of a fixed count. Left out, ``replicas`` pods.

    Default: `None`
    """
    metrics: MetricsEndpoint | None = None
    """A Prometheus scrape endpoint on one of ``ports``. Left out, none.

    Default: `None`
    """
    component: str = "worker"
    """``app.kubernetes.io/component`` (a non-empty label value). Left out, ``worker``.

    Default: `'worker'`
    """

    def problems(self) -> Problems:
        found = self.name_problems()
        found.extend(self.part_problems())
        check_type(found, "release", self.release, Release)
        check_type(found, "ports", self.ports, tuple, item=ContainerPort)
        check_range(found, "replicas", self.replicas, 1, 2**31 - 1)
        if self.autoscale is not None and check_type(found, "autoscale", self.autoscale, WorkerAutoscaling):
            low = self.autoscale.min_replicas
            check_range(found, "autoscale.min_replicas", low, 2)
            check_range(found, "autoscale.max_replicas", self.autoscale.max_replicas, low if isinstance(low, int) and low >= 1 else 1)
            check_range(found, "autoscale.cpu_utilization", self.autoscale.cpu_utilization, 1, 100)
        return found

    @property
    def lowest_replicas(self) -> int:
        return self.autoscale.min_replicas if self.autoscale is not None else self.replicas


class Worker(Construct):
    """A worker: Deployment without a Service, hardened like every shape of this library.

    Children (ids): ``Namespace`` (with ``create_namespace``), ``ServiceAccount``, ``NetworkPolicy``,
    ``Deployment``, ``DisruptionBudget`` (two or more pods), ``Autoscaler`` (with ``autoscale``);
    each holds its object under the id ``Resource``.
    """

    def __init__(self, scope: Construct, id: str, props: WorkerProps) -> None:
        super().__init__(scope, id)
        self.props = props
        found = props.problems()
        found.extend(claim_name(self, props))
        identity = props.identity(props.release.version if isinstance(props.release, Release) else "invalid", props.component)
        labels = identity.labels()
        image = props.release.image if isinstance(props.release, Release) else "invalid"
        ports = props.ports if isinstance(props.ports, tuple) and all(isinstance(p, ContainerPort) for p in props.ports) else ()  # else named above
        deployment = DeploymentProps(
            name=props.name, namespace=props.namespace, identity=identity, service_account=props.name,
            container=props.container(image, props.env, ports=ports, liveness=props.liveness, readiness=props.readiness, startup=props.startup),
            pod=props.pod, replicas=None if props.autoscale is not None else props.replicas, run_as_user=props.run_as_user,
            metrics=props.metrics, annotations=props.waiver_annotations(),
        )  # fmt: skip
        found.extend(adopt(deployment.problems(), props))
        budget = DisruptionBudgetProps(name=props.name, namespace=props.namespace, selector=props.pod_selector(), max_unavailable=1, labels=labels)
        scaling = None
        if props.autoscale is not None:
            scaling = AutoscalerProps(
                name=props.name, namespace=props.namespace, target_deployment=props.name, min_replicas=props.autoscale.min_replicas,
                max_replicas=props.autoscale.max_replicas, cpu_utilization=props.autoscale.cpu_utilization, labels=labels,
            )  # fmt: skip
        found.raise_if_any(f"Worker {props.name!r}")
        self.common = render_common(self, props, labels)
        self.deployment = HardenedDeployment(self, "Deployment", deployment)
        self.disruption_budget = DisruptionBudget(self, "DisruptionBudget", budget) if props.lowest_replicas >= 2 else None
        self.autoscaler = Autoscaler(self, "Autoscaler", scaling) if scaling is not None else None
