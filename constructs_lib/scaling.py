"""Autoscaling (HorizontalPodAutoscaler autoscaling/v2) and disruption budgets (policy/v1).

cdk8s-plus-30 has no PodDisruptionBudget construct, so both use the L1 classes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_30 import k8s
from constructs import Construct

from constructs_lib.errors import Problems
from constructs_lib.k8s_values import int_or_string
from constructs_lib.prop_checks import check_dns_label, check_range

_PERCENT = re.compile(r"^(100|[1-9]?[0-9])%$")


@dataclass(frozen=True, kw_only=True)
class ScalingPolicy:
    """One HPA scaling policy: change by ``value`` pods or percent per ``period_seconds``."""

    type: str
    """``Pods`` or ``Percent``."""
    value: int
    """How many pods, or what percent of the current replicas, at least 1."""
    period_seconds: int
    """The window the change is allowed in, from 1 to 1800 seconds."""


@dataclass(frozen=True, kw_only=True)
class ScalingRules:
    """HPA behaviour in one direction."""

    stabilization_window_seconds: int
    """How far back the HPA looks at earlier recommendations before it scales, from 0 to 3600 seconds."""
    policies: tuple[ScalingPolicy, ...]
    """The policies, at least one."""
    select_policy: str | None = None
    """Which policy wins: ``Max``, ``Min`` or ``Disabled`` (no scaling in this direction). Left out, the field is not
    written, which Kubernetes treats as ``Max``.

    Default: `None`
    """

    def problems(self, prefix: str) -> Problems:
        found = Problems()
        check_range(found, f"{prefix}.stabilization_window_seconds", self.stabilization_window_seconds, 0, 3600)
        found.check(self.select_policy in (None, "Max", "Min", "Disabled"), f"{prefix}.select_policy", self.select_policy, "Max, Min or Disabled")
        found.check(len(self.policies) > 0, f"{prefix}.policies", self.policies, "at least one policy")
        for i, policy in enumerate(self.policies):
            found.check(policy.type in ("Pods", "Percent"), f"{prefix}.policies[{i}].type", policy.type, "Pods or Percent")
            check_range(found, f"{prefix}.policies[{i}].value", policy.value, 1)
            check_range(found, f"{prefix}.policies[{i}].period_seconds", policy.period_seconds, 1, 1800)
        return found

    def to_k8s(self) -> k8s.HpaScalingRulesV2:
        return k8s.HpaScalingRulesV2(
            stabilization_window_seconds=self.stabilization_window_seconds,
            select_policy=self.select_policy,
            policies=[k8s.HpaScalingPolicyV2(type=p.type, value=p.value, period_seconds=p.period_seconds) for p in self.policies],
        )


@dataclass(frozen=True, kw_only=True)
class AutoscalerProps:
    """Props of ``Autoscaler``."""

    name: str
    """The HPA name (an RFC 1123 label)."""
    namespace: str
    """Its namespace (an RFC 1123 label)."""
    target_deployment: str
    """Name of the Deployment it scales (which must not fix ``replicas``); an RFC 1123 label."""
    min_replicas: int
    """Lower bound, at least 1."""
    max_replicas: int
    """Upper bound, at least 1 and at least ``min_replicas``."""
    cpu_utilization: int | None = 70
    """Target average CPU utilization in percent of the requests, from 1 to 100, or ``None`` for no CPU target; at
    least one of ``cpu_utilization`` and ``memory_utilization`` is required. Left out, 70 percent.

    Default: `70`
    """
    memory_utilization: int | None = None
    """Target average memory utilization in percent of the requests, from 1 to 100. Left out, no memory target.

    Default: `None`
    """
    scale_up: ScalingRules | None = None
    """Scale-up behaviour. Left out, Kubernetes' default.

    Default: `None`
    """
    scale_down: ScalingRules | None = None
    """Scale-down behaviour. Left out, Kubernetes' default.

    Default: `None`
    """
    labels: Mapping[str, str] = field(default_factory=dict)
    """Labels for the object; left out, it has none.

    Default: `{}`
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        check_dns_label(found, f"{prefix}name", self.name)
        check_dns_label(found, f"{prefix}namespace", self.namespace)
        check_dns_label(found, f"{prefix}target_deployment", self.target_deployment)
        check_range(found, f"{prefix}min_replicas", self.min_replicas, 1)
        check_range(found, f"{prefix}max_replicas", self.max_replicas, 1)
        if isinstance(self.min_replicas, int) and isinstance(self.max_replicas, int):
            found.check(self.min_replicas <= self.max_replicas, f"{prefix}max_replicas", self.max_replicas, f"at least min_replicas ({self.min_replicas})")
        found.check(
            self.cpu_utilization is not None or self.memory_utilization is not None,
            f"{prefix}cpu_utilization/memory_utilization", None, "at least one utilization target",
        )  # fmt: skip
        for metric in ("cpu_utilization", "memory_utilization"):
            value = getattr(self, metric)
            if value is not None:
                check_range(found, f"{prefix}{metric}", value, 1, 100)
        for direction in ("scale_up", "scale_down"):
            rules = getattr(self, direction)
            if rules is not None:
                found.extend(rules.problems(f"{prefix}{direction}"))
        return found


class Autoscaler(Construct):
    """A HorizontalPodAutoscaler (autoscaling/v2) on CPU and/or memory utilization."""

    def __init__(self, scope: Construct, id: str, props: AutoscalerProps) -> None:
        super().__init__(scope, id)
        props.problems().raise_if_any(f"Autoscaler {id!r}")
        self.props = props
        metrics = [
            k8s.MetricSpecV2(
                type="Resource",
                resource=k8s.ResourceMetricSourceV2(name=name, target=k8s.MetricTargetV2(type="Utilization", average_utilization=value)),
            )
            for name, value in (("cpu", props.cpu_utilization), ("memory", props.memory_utilization))
            if value is not None
        ]
        behavior = None
        if props.scale_up is not None or props.scale_down is not None:
            behavior = k8s.HorizontalPodAutoscalerBehaviorV2(
                scale_up=props.scale_up.to_k8s() if props.scale_up else None,
                scale_down=props.scale_down.to_k8s() if props.scale_down else None,
            )
        self.resource = k8s.KubeHorizontalPodAutoscalerV2(
            self, "Resource",
            metadata=k8s.ObjectMeta(name=props.name, namespace=props.namespace, labels=dict(props.labels)),
            spec=k8s.HorizontalPodAutoscalerSpecV2(
                scale_target_ref=k8s.CrossVersionObjectReferenceV2(api_version="apps/v1", kind="Deployment", name=props.target_deployment),
                min_replicas=props.min_replicas,
                max_replicas=props.max_replicas,
                metrics=metrics,
                behavior=behavior,
            ),
        )  # fmt: skip


def pods_allowed_down(replicas: int, min_available: int | str | None, max_unavailable: int | str | None) -> int:
    """How many of ``replicas`` healthy pods a PDB lets voluntary disruptions evict.

    Percentages round up, as the disruption controller does
    (``GetScaledValueFromIntOrPercent(..., roundUp=true)``).
    """
    if min_available is not None:
        needed = _scaled(min_available, replicas)
        return max(replicas - needed, 0)
    if max_unavailable is not None:
        return min(_scaled(max_unavailable, replicas), replicas)
    return replicas


def _scaled(value: int | str, replicas: int) -> int:
    if isinstance(value, str):
        return math.ceil(int(value.rstrip("%")) * replicas / 100)
    return value


@dataclass(frozen=True, kw_only=True)
class DisruptionBudgetProps:
    """Props of ``DisruptionBudget``: at most one of ``min_available`` and ``max_unavailable``."""

    name: str
    """The PDB name (an RFC 1123 label)."""
    namespace: str
    """Its namespace (an RFC 1123 label)."""
    selector: Mapping[str, str]
    """Labels of the pods it protects; at least one."""
    min_available: int | str | None = None
    """Pods (an integer, at least 0) or a percentage (``"0%"`` to ``"100%"``, e.g. ``"50%"``) that must stay
    available; not together with ``max_unavailable``. Left out, ``max_unavailable`` applies.

    Default: `None`
    """
    max_unavailable: int | str | None = None
    """Pods (an integer, at least 1) or a percentage (``"0%"`` to ``"100%"``) that may be down; not together with
    ``min_available``. Left out, 1 when ``min_available`` is left out too.

    Default: `None` (1, unless ``min_available`` is given)
    """
    labels: Mapping[str, str] = field(default_factory=dict)
    """Labels for the object; left out, it has none.

    Default: `{}`
    """

    @property
    def effective_max_unavailable(self) -> int | str | None:
        return 1 if self.min_available is None and self.max_unavailable is None else self.max_unavailable

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        check_dns_label(found, f"{prefix}name", self.name)
        check_dns_label(found, f"{prefix}namespace", self.namespace)
        found.check(len(self.selector) > 0, f"{prefix}selector", dict(self.selector), "at least one label")
        found.check(
            self.min_available is None or self.max_unavailable is None,
            f"{prefix}min_available/max_unavailable", (self.min_available, self.max_unavailable), "only one of the two",
        )  # fmt: skip
        for prop in ("min_available", "max_unavailable"):
            value = getattr(self, prop)
            if isinstance(value, str):
                found.check(bool(_PERCENT.match(value)), f"{prefix}{prop}", value, "a whole number of pods or a percentage such as '50%'")
            elif value is not None:
                check_range(found, f"{prefix}{prop}", value, 0 if prop == "min_available" else 1)
        return found

    def allows_disruption_at(self, replicas: int) -> bool:
        """True when, at ``replicas`` healthy pods, at least one may be evicted."""
        return pods_allowed_down(replicas, self.min_available, self.effective_max_unavailable) >= 1


class DisruptionBudget(Construct):
    """A PodDisruptionBudget (policy/v1) that also evicts unhealthy pods (``AlwaysAllow``),
    so a crash-looping pod never blocks a node drain."""

    def __init__(self, scope: Construct, id: str, props: DisruptionBudgetProps) -> None:
        super().__init__(scope, id)
        props.problems().raise_if_any(f"DisruptionBudget {id!r}")
        self.props = props
        self.resource = k8s.KubePodDisruptionBudget(
            self, "Resource",
            metadata=k8s.ObjectMeta(name=props.name, namespace=props.namespace, labels=dict(props.labels)),
            spec=k8s.PodDisruptionBudgetSpec(
                selector=k8s.LabelSelector(match_labels=dict(props.selector)),
                min_available=None if props.min_available is None else int_or_string(props.min_available),
                max_unavailable=None if props.effective_max_unavailable is None else int_or_string(props.effective_max_unavailable),
                unhealthy_pod_eviction_policy="AlwaysAllow",
            ),
        )  # fmt: skip
