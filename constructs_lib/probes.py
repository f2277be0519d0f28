"""Container probes: HTTP, TCP, gRPC and exec, with one set of timings checked the same way for all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cdk8s_plus_30 import k8s

from constructs_lib.errors import Problems
from constructs_lib.k8s_values import int_or_string
from constructs_lib.prop_checks import check_path, check_port, check_range, check_type


@dataclass(frozen=True, kw_only=True)
class _Timings:
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
    the Service; startup: the container restarts), from 1 to 100. Left out, 3.

    Default: `3`
    """

    def _timing_problems(self, prefix: str) -> Problems:
        found = Problems()
        check_range(found, f"{prefix}.initial_delay_seconds", self.initial_delay_seconds, 0, 3600)
        check_range(found, f"{prefix}.period_seconds", self.period_seconds, 1, 3600)
        check_range(found, f"{prefix}.timeout_seconds", self.timeout_seconds, 1, 3600)
        check_range(found, f"{prefix}.failure_threshold", self.failure_threshold, 1, 100)
        if isinstance(self.timeout_seconds, int) and isinstance(self.period_seconds, int):
            found.check(
                self.timeout_seconds < self.period_seconds, f"{prefix}.timeout_seconds", self.timeout_seconds,
                f"less than period_seconds ({self.period_seconds})",
            )  # fmt: skip
        return found

    def _probe(self, **handler: Any) -> k8s.Probe:
        return k8s.Probe(
            initial_delay_seconds=self.initial_delay_seconds,
            period_seconds=self.period_seconds,
            timeout_seconds=self.timeout_seconds,
            failure_threshold=self.failure_threshold,
            success_threshold=1,
            **handler,
        )


@dataclass(frozen=True, kw_only=True)
class HttpProbe(_Timings):
    """An HTTP GET probe. Timings default to Kubernetes' own defaults; ``successThreshold`` is always 1."""

    path: str
    """The URL path probed: absolute (starting with '/'), without spaces, e.g. ``/healthz``."""
    port: int
    """The container port number probed, from 1 to 65535; it must be one of the container's ports."""

    def problems(self, prefix: str) -> Problems:
        found = self._timing_problems(prefix)
        check_path(found, f"{prefix}.path", self.path)
        check_port(found, f"{prefix}.port", self.port)
        return found

    def to_k8s(self) -> k8s.Probe:
        return self._probe(http_get=k8s.HttpGetAction(path=self.path, port=int_or_string(self.port), scheme="HTTP"))


@dataclass(frozen=True, kw_only=True)
class TcpProbe(_Timings):
    """A TCP probe: the port accepts a connection."""

    port: int
    """The container port number probed, from 1 to 65535; it must be one of the container's ports."""

    def problems(self, prefix: str) -> Problems:
        found = self._timing_problems(prefix)
        check_port(found, f"{prefix}.port", self.port)
        return found

    def to_k8s(self) -> k8s.Probe:
        return self._probe(tcp_socket=k8s.TcpSocketAction(port=int_or_string(self.port)))


@dataclass(frozen=True, kw_only=True)
class GrpcProbe(_Timings):
    """A gRPC health-checking probe (``grpc.health.v1.Health/Check``)."""

    port: int
    """The container port number probed, from 1 to 65535; it must be one of the container's ports."""
    service: str | None = None
    """The service name sent in the health check request. Left out, the server's overall health.

    Default: `None`
    """

    def problems(self, prefix: str) -> Problems:
        found = self._timing_problems(prefix)
        check_port(found, f"{prefix}.port", self.port)
        if self.service is not None:
            check_type(found, f"{prefix}.service", self.service, str)
        return found

    def to_k8s(self) -> k8s.Probe:
        return self._probe(grpc=k8s.GrpcAction(port=self.port, service=self.service))


@dataclass(frozen=True, kw_only=True)
class ExecProbe(_Timings):
    """A probe that runs a command in the container; exit status 0 is healthy."""

    command: tuple[str, ...]
    """The command and its arguments (no shell), at least one string."""

    def problems(self, prefix: str) -> Problems:
        found = self._timing_problems(prefix)
        check_type(found, f"{prefix}.command", self.command, tuple, item=str)
        found.check(isinstance(self.command, tuple) and len(self.command) > 0, f"{prefix}.command", self.command, "at least one string")
        return found

    def to_k8s(self) -> k8s.Probe:
        return self._probe(exec=k8s.ExecAction(command=list(self.command)))


Probe = HttpProbe | TcpProbe | GrpcProbe | ExecProbe
"""Any probe a container may have."""
PROBE_TYPES = (HttpProbe, TcpProbe, GrpcProbe, ExecProbe)


def probe_port(probe: Probe) -> int | None:
    """The container port a probe needs, if any (exec probes need none)."""
    return None if isinstance(probe, ExecProbe) else probe.port
