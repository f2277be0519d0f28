"""Hypothesis strategies for the props of ``Worker``, ``BatchJob``, ``ScheduledJob`` and ``StatefulService``.

The valid space is what the shapes accept and Kubernetes applies, with every pod-level
extension point drawn: sidecars (each with a liveness and a readiness probe of distinct
handlers), plain init containers (no probes: the API server forbids them there), native
sidecars (``restart_always=True``, probes optional), volumes of every kind and mounts
that reference them, tolerations, node selectors, affinity, pull secrets, every probe
kind, env literals and ConfigMap/Secret keys, ``envFrom``, commands and args.

Minus what the policy pack flags on purpose although well-formed, each either left out
or drawn together with the waiver the shapes document (a waiver names the rule and a
reason, so the finding is reported as waived and the lint passes):

* a Worker or StatefulService main container without a liveness or readiness probe
  (``probe-liveness``, ``probe-readiness``: waived, as ``WorkerProps.liveness`` says);
* one replica (``avail-replicas``: waived; no PodDisruptionBudget is rendered then);
* ``topology_spread=False`` for two or more pods without a pod anti-affinity
  (``avail-anti-affinity``: waived or given an anti-affinity);
* a CronJob ``concurrency_policy='Allow'`` (``avail-cronjob-concurrency``: waived);
* ``WorkerAutoscaling.min_replicas=1`` (``avail-hpa-min-replicas``: left out; the finding is on the
  HorizontalPodAutoscaler, which carries no waivers, so such a Worker cannot pass the gate);
* credential-like env names with literal values (``sec-env-secret-literal``: such names
  get Secret or ConfigMap keys only), credential-like ConfigMap keys with literal values
  (``sec-secret-values``: they hold a placeholder), port 22 (``sec-ssh-port``), the
  ``default`` namespace.

Each example is a whole app (``ShapeApp``): the ConfigMaps its pods refer to are rendered
with it (``cross-pod-references``).

Names, releases, resources, peers and env names are ``ws_strategies``' (imported).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import ws_strategies as ws
from cdk8s_plus_30 import k8s
from hypothesis import assume
from hypothesis import strategies as st

from constructs_lib.container import ConfigMapValue, ContainerPort, ContainerSpec, EnvFrom, EnvValue, Mount, SecretValue, volume_name
from constructs_lib.jobs import JobProps, ScheduledJobProps
from constructs_lib.pod import ConfigMapVolume, EmptyDirVolume, PodSettings, ProjectedVolume, SecretVolume, Toleration, Volume
from constructs_lib.probes import ExecProbe, GrpcProbe, HttpProbe, Probe, TcpProbe
from constructs_lib.shape import WorkloadProps
from constructs_lib.stateful import StatefulServiceProps, VolumeClaim
from constructs_lib.worker import WorkerAutoscaling, WorkerProps
from constructs_lib.workload import MetricsEndpoint

T = TypeVar("T")

names: st.SearchStrategy[str] = ws.names
namespaces: Callable[[str], st.SearchStrategy[str]] = ws.namespaces
releases = ws.releases
images: Callable[[], st.SearchStrategy[str]] = ws.images
resources = ws.resources
ports: st.SearchStrategy[int] = ws.ports
url_paths: st.SearchStrategy[str] = ws.url_paths
env_names: st.SearchStrategy[str] = ws.env_names
text_values: st.SearchStrategy[str] = ws.text_values
config_keys: st.SearchStrategy[str] = ws.config_keys
dns_subdomains: st.SearchStrategy[str] = ws.dns_subdomains
label_value: Callable[..., st.SearchStrategy[str]] = ws.label_value
rfc1035: Callable[[int], st.SearchStrategy[str]] = ws.rfc1035
rfc1123: Callable[[int], st.SearchStrategy[str]] = ws.rfc1123
peers = ws.peers
writable_segments: st.SearchStrategy[str] = ws.writable_segments

# --- small pieces -------------------------------------------------------------------------------
REASONS = st.sampled_from([
    "the process exits on failure and the pod restarts",
    "a singleton by design: two consumers would process a message twice",
    "runs may overlap; each takes its own lock",
    "spread by the node pool's own placement",
    "reviewed by the platform team, see RUNBOOK.md",
])  # fmt: skip
CREDENTIAL_NAMES = st.sampled_from(["DB_PASSWORD", "API_TOKEN", "AWS_SECRET_ACCESS_KEY", "BROKER_CREDENTIALS", "SIGNING_KEY", "GITHUB_TOKEN"])
TIME_ZONES = st.sampled_from(["Etc/UTC", "UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "America/Sao_Paulo"])
words = st.one_of(
    st.sampled_from(["/app/run", "--queue", "$(QUEUE)", "-c", "--port=5432", "yes", "on", "1.0", "~", "null", "0x1F", "a: b", "#x"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=8),
)
paths = st.lists(writable_segments, min_size=1, max_size=3).map(lambda s: "/" + "/".join(s))
# Qualified names (label and annotation keys): an optional DNS subdomain prefix, '/', a name.
_key_names = st.from_regex(r"\A[A-Za-z0-9]([-A-Za-z0-9_.]{0,20}[A-Za-z0-9])?\Z")
qualified_names = st.one_of(_key_names, st.builds(lambda p, n: f"{p}/{n}", dns_subdomains, _key_names)).filter(
    lambda k: not k.startswith(("policy.omnitide.dev/", "prometheus.io/", "kubernetes.io/", "k8s.io/"))
)
quantities = st.builds(lambda n, unit: f"{n}{unit}", st.integers(1, 4096), st.sampled_from(["Mi", "Gi", "M", "G", "Ki"]))
# Built once: a strategy built inside a composite is validated again on every draw.
port_names = rfc1035(15).filter(lambda n: "--" not in n)  # IANA service names have no '--'
dns_labels = rfc1123(63)
label_values = label_value()
components = label_value(30)


def fresh(value: T, taken: set[T], max_len: int = 63) -> T:
    """``value``, or (when taken) the first variant of it that is not: the next port number, or ``<value>-<n>``.

    Deterministic rather than drawn again, so that the smallest example stays small (redrawing would draw the
    same smallest value forever).
    """
    candidate = value
    n = 0
    while candidate in taken:
        n += 1
        if isinstance(value, int):
            candidate = (value + n - 1) % 65535 + 1  # type: ignore[assignment]
            if candidate == 22:
                continue
        else:
            text = str(value)[: max_len - len(str(n)) - 1].rstrip("-")
            candidate = f"{text}-{n}"  # type: ignore[assignment]
    return candidate


def unique(draw: st.DrawFn, strategy: st.SearchStrategy[T], taken: set[T], max_size: int, min_size: int = 0, *, max_len: int = 63) -> list[T]:
    """Between ``min_size`` and ``max_size`` values of ``strategy``, distinct and not in ``taken`` (which grows)."""
    found: list[T] = []
    for drawn in draw(st.lists(strategy, min_size=min_size, max_size=max_size)):
        value = fresh(drawn, taken, max_len)
        taken.add(value)
        found.append(value)
    return found


# --- probes ---------------------------------------------------------------------------------------
PROBE_KINDS = st.sampled_from(["exec", "http", "tcp", "grpc"])
GRPC_SERVICES = st.one_of(st.none(), st.from_regex(r"\A[a-z][a-z0-9]{0,10}(\.[a-z][a-zA-Z0-9]{0,10}){0,3}\Z"))


@st.composite
def probes(draw: st.DrawFn, port_numbers: Sequence[int]) -> Probe:
    """A probe of any kind; HTTP, TCP and gRPC probe one of ``port_numbers`` (exec probes need none)."""
    period = draw(st.integers(2, 3600))
    timings = {
        "initial_delay_seconds": draw(st.integers(0, 3600)), "period_seconds": period,
        "timeout_seconds": draw(st.integers(1, period - 1)), "failure_threshold": draw(st.integers(1, 100)),
    }  # fmt: skip
    kind = draw(PROBE_KINDS) if port_numbers else "exec"
    if kind == "exec":
        return ExecProbe(command=tuple(draw(st.lists(words, min_size=1, max_size=3))), **timings)
    port = port_numbers[draw(st.integers(0, len(port_numbers) - 1))]
    if kind == "http":
        return HttpProbe(path=draw(url_paths), port=port, **timings)
    if kind == "tcp":
        return TcpProbe(port=port, **timings)
    return GrpcProbe(port=port, service=draw(GRPC_SERVICES), **timings)


def handler(probe: Probe | None) -> tuple[Any, ...] | None:
    """What ``probe-identical`` compares: the handler, not the timings."""
    if probe is None:
        return None
    if isinstance(probe, ExecProbe):
        return ("exec", probe.command)
    if isinstance(probe, HttpProbe):
        return ("http", probe.path, probe.port)
    if isinstance(probe, GrpcProbe):
        return ("grpc", probe.port, probe.service)
    return ("tcp", probe.port)


@st.composite
def probe_pair(draw: st.DrawFn, port_numbers: Sequence[int]) -> tuple[Probe, Probe]:
    """A liveness and a readiness probe with different handlers."""
    liveness = draw(probes(port_numbers))
    readiness = draw(probes(port_numbers))
    if handler(readiness) == handler(liveness):  # made different rather than drawn again (see ``fresh``)
        if isinstance(readiness, ExecProbe):
            readiness = dataclasses.replace(readiness, command=(*readiness.command, "--ready"))
        elif isinstance(readiness, HttpProbe):
            readiness = dataclasses.replace(readiness, path=readiness.path.rstrip("/") + "/ready")
        else:
            timings = {f.name: getattr(readiness, f.name) for f in dataclasses.fields(ExecProbe) if f.name != "command"}
            readiness = ExecProbe(command=("/bin/ready",), **timings)
    return liveness, readiness


# --- env ----------------------------------------------------------------------------------------
secret_values = st.builds(SecretValue, secret=dns_subdomains, key=config_keys)
config_map_values = st.builds(ConfigMapValue, config_map=dns_subdomains, key=config_keys)
env_values = st.one_of(text_values, config_map_values, secret_values)
credential_values = st.one_of(secret_values, config_map_values)


@st.composite
def envs(draw: st.DrawFn) -> dict[str, EnvValue]:
    """Literals under ordinary names, Secret or ConfigMap keys under any name (credential-like ones too)."""
    plain = draw(st.dictionaries(env_names, env_values, max_size=3))
    credentials = draw(st.dictionaries(CREDENTIAL_NAMES, credential_values, max_size=1))
    return {**plain, **credentials}


env_prefixes = st.one_of(st.none(), st.from_regex(r"\A[A-Z][A-Z0-9_]{0,8}_\Z"))
env_froms = st.lists(
    st.one_of(
        st.builds(EnvFrom, config_map=dns_subdomains, prefix=env_prefixes),
        st.builds(EnvFrom, secret=dns_subdomains, prefix=env_prefixes),
    ),
    max_size=2,
).map(tuple)
commands = st.one_of(st.none(), st.lists(words, max_size=3).map(tuple))


# --- containers ---------------------------------------------------------------------------------
@dataclasses.dataclass
class PodPlan:
    """What the containers of one pod share while they are drawn: names, port numbers, volume names."""

    container_names: set[str]
    port_numbers: set[int]
    port_names: set[str]
    volume_names: set[str]


@st.composite
def container_ports(draw: st.DrawFn, plan: PodPlan, min_size: int = 0, max_size: int = 3) -> tuple[ContainerPort, ...]:
    numbers = unique(draw, ports, plan.port_numbers, max_size, min_size)
    names_ = []
    for _ in numbers:
        name = fresh(draw(port_names), plan.port_names, 15)
        plan.port_names.add(name)
        names_.append(name)
    return tuple(ContainerPort(name=n, port=p) for n, p in zip(names_, numbers, strict=True))


@st.composite
def writable(draw: st.DrawFn, plan: PodPlan, volume_prefix: str) -> tuple[str, ...]:
    """Writable paths whose emptyDir volumes (``<prefix><path as a name>``) clash with no other volume of the pod."""
    chosen: list[str] = []
    for _ in range(draw(st.integers(0, 2))):
        path = draw(paths)
        volume = f"{volume_prefix}{volume_name(path)}"
        if volume in plan.volume_names or len(volume) > 63:
            continue
        plan.volume_names.add(volume)
        chosen.append(path)
    return tuple(chosen)


sub_paths = st.one_of(st.none(), st.lists(writable_segments, min_size=1, max_size=2).map("/".join))


@st.composite
def mounts(draw: st.DrawFn, volumes: Sequence[str], taken_paths: set[str]) -> tuple[Mount, ...]:
    """Mounts of the pod's ``volumes`` at paths not used by another mount of the container."""
    if not volumes:
        return ()
    found = []
    for path in unique(draw, paths, taken_paths, 2):
        volume_ = volumes[draw(st.integers(0, len(volumes) - 1))]
        found.append(Mount(volume=volume_, path=path, read_only=draw(st.booleans()), sub_path=draw(sub_paths)))
    return tuple(found)


@st.composite
def extra_container(draw: st.DrawFn, plan: PodPlan, volumes: Sequence[str], role: str) -> ContainerSpec:
    """A sidecar (``role='sidecar'``: both probes), a plain init container (no probes) or a native sidecar."""
    (name,) = unique(draw, dns_labels, plan.container_names, 1, 1)
    container_ports_ = draw(container_ports(plan, max_size=2))
    numbers = [p.port for p in container_ports_]
    liveness = readiness = startup = None
    if role == "sidecar":
        liveness, readiness = draw(probe_pair(numbers))
        startup = draw(st.one_of(st.none(), probes(numbers)))
    elif role == "native":
        liveness = draw(st.one_of(st.none(), probes(numbers)))
        readiness = draw(st.one_of(st.none(), probes(numbers)))
        startup = draw(st.one_of(st.none(), probes(numbers)))
    writable_paths = draw(writable(plan, f"{name}-"))
    return ContainerSpec(
        name=name, image=draw(images()), ports=container_ports_, command=draw(commands), args=draw(commands), env=draw(envs()),
        env_from=draw(env_froms), mounts=draw(mounts(volumes, set(writable_paths))), liveness=liveness, readiness=readiness,
        startup=startup, resources=draw(resources()), writable_paths=writable_paths, restart_always=role == "native",
    )  # fmt: skip


# --- volumes and the pod ------------------------------------------------------------------------
@st.composite
def volume(draw: st.DrawFn, name: str) -> Volume:
    kind = draw(st.sampled_from(["empty", "config", "secret", "projected"]))
    if kind == "empty":
        return EmptyDirVolume(name=name, size_limit=draw(quantities), memory=draw(st.booleans()))
    if kind == "config":
        return ConfigMapVolume(name=name, config_map=draw(dns_subdomains))
    if kind == "secret":
        return SecretVolume(name=name, secret=draw(dns_subdomains))
    config_maps = tuple(draw(st.lists(dns_subdomains, max_size=2, unique=True)))
    secrets = tuple(draw(st.lists(dns_subdomains, max_size=2, unique=True)))
    audience = draw(st.one_of(st.none(), st.sampled_from(["sts.amazonaws.com", "vault", "https://kubernetes.default.svc"])))
    assume(config_maps or secrets or audience)
    return ProjectedVolume(name=name, config_maps=config_maps, secrets=secrets, token_audience=audience)


@st.composite
def tolerations(draw: st.DrawFn) -> Toleration:
    operator = draw(st.sampled_from(["Equal", "Exists"]))
    key = draw(qualified_names) if operator == "Equal" else draw(st.one_of(st.none(), qualified_names))
    value = draw(st.one_of(st.none(), label_values)) if operator == "Equal" else None
    effect = draw(st.sampled_from([None, "NoSchedule", "PreferNoSchedule", "NoExecute"]))
    seconds = draw(st.one_of(st.none(), st.integers(0, 86400))) if effect == "NoExecute" else None
    return Toleration(key=key, operator=operator, value=value, effect=effect, toleration_seconds=seconds)


def anti_affinity(selector: Mapping[str, str]) -> k8s.Affinity:
    """A preferred pod anti-affinity over nodes, for the pods of ``selector``."""
    term = k8s.PodAffinityTerm(topology_key="kubernetes.io/hostname", label_selector=k8s.LabelSelector(match_labels=dict(selector)))
    return k8s.Affinity(pod_anti_affinity=k8s.PodAntiAffinity(preferred_during_scheduling_ignored_during_execution=[
        k8s.WeightedPodAffinityTerm(weight=100, pod_affinity_term=term),
    ]))  # fmt: skip


INIT_ROLES = st.sampled_from(["init", "native"])


@dataclasses.dataclass
class Pod:
    """The drawn pod: its settings, the main container's parts, and the waivers it needs."""

    settings: PodSettings
    main_ports: tuple[ContainerPort, ...]
    main_writable: tuple[str, ...]
    main_mounts: tuple[Mount, ...]
    waivers: dict[str, str]


@st.composite
def pods(draw: st.DrawFn, name: str, selector: Mapping[str, str], *, long_running: bool, several_pods: bool,
         claims: Sequence[tuple[str, str]] = (), main_port_count: tuple[int, int] = (0, 3)) -> Pod:  # fmt: skip
    """The pod of a shape named ``name``; ``claims`` are (volume, mount path) of a StatefulSet's claim templates."""
    plan = PodPlan(container_names={name}, port_numbers=set(), port_names=set(), volume_names={c for c, _ in claims})
    main_ports = draw(container_ports(plan, *main_port_count))
    main_writable = ("/tmp",) if "tmp" not in plan.volume_names and draw(st.booleans()) else draw(writable(plan, ""))
    for path in main_writable:
        plan.volume_names.add(volume_name(path))
    volume_names = unique(draw, dns_labels, plan.volume_names, 3)
    volumes = tuple(draw(volume(n)) for n in volume_names)
    taken = set(main_writable) | {path for _, path in claims}
    main_mounts = draw(mounts(volume_names, taken))
    mountable = volume_names + [c for c, _ in claims]  # the claims' volumes are the pod's too
    sidecars = tuple(draw(extra_container(plan, mountable, "sidecar")) for _ in range(draw(st.integers(0, 2))))
    inits = tuple(draw(extra_container(plan, mountable, draw(INIT_ROLES))) for _ in range(draw(st.integers(0, 2))))
    waivers: dict[str, str] = {}
    topology_spread = draw(st.booleans())
    affinity = None
    if not topology_spread and several_pods and long_running:
        if draw(st.booleans()):
            affinity = anti_affinity(selector)
        else:
            waivers["avail-anti-affinity"] = draw(REASONS)
    settings = PodSettings(
        sidecars=sidecars, init_containers=inits, volumes=volumes,
        node_selector=draw(st.dictionaries(qualified_names, label_values, max_size=2)),
        tolerations=tuple(draw(st.lists(tolerations(), max_size=2))), affinity=affinity, topology_spread=topology_spread,
        annotations=draw(st.dictionaries(qualified_names, text_values, max_size=2)),
        image_pull_secrets=tuple(draw(st.lists(dns_subdomains, max_size=2, unique=True))),
        termination_grace_period_seconds=draw(st.one_of(st.none(), st.integers(0, 3600))),
    )  # fmt: skip
    return Pod(settings, main_ports, main_writable, main_mounts, waivers)


# --- the shapes ---------------------------------------------------------------------------------
network_access = ws.network_access


@st.composite
def common(draw: st.DrawFn, name: str, namespace: str, pod: Pod, waivers: Mapping[str, str]) -> dict[str, Any]:
    """The WorkloadProps fields every shape takes (their own props come on top)."""
    return {
        "name": name, "namespace": namespace, "command": draw(commands), "args": draw(commands), "env_from": draw(env_froms),
        "mounts": pod.main_mounts, "resources": draw(resources()), "run_as_user": draw(st.integers(1000, 2**31 - 1)),
        "writable_paths": pod.main_writable, "pod": pod.settings, "network": draw(network_access),
        "part_of": draw(st.one_of(st.none(), label_values)), "pss_level": draw(st.sampled_from(["restricted", "baseline"])),
        "pss_version": draw(st.one_of(st.just("latest"), st.integers(0, 99).map(lambda n: f"v1.{n}"))),
        "create_namespace": draw(st.booleans()), "waivers": {**pod.waivers, **waivers},
        "service_account_annotations": draw(st.dictionaries(qualified_names, text_values, max_size=2)),
    }  # fmt: skip


def _selector(name: str, namespace: str) -> dict[str, str]:
    return {"app": name, "app.kubernetes.io/instance": f"{name}-{namespace}"}


@st.composite
def main_probes(draw: st.DrawFn, port_numbers: Sequence[int]) -> tuple[Probe | None, Probe | None, Probe | None, dict[str, str]]:
    """liveness, readiness, startup and the waivers a missing one needs."""
    waivers = {}
    liveness, readiness = draw(probe_pair(port_numbers))
    if draw(st.integers(0, 4)) == 0:
        liveness = None
        waivers["probe-liveness"] = draw(REASONS)
    if draw(st.integers(0, 4)) == 0:
        readiness = None
        waivers["probe-readiness"] = draw(REASONS)
    return liveness, readiness, draw(st.one_of(st.none(), probes(port_numbers))), waivers


@st.composite
def worker_props(draw: st.DrawFn) -> WorkerProps:
    name = draw(names)
    namespace = draw(namespaces(name))
    autoscale = None
    if draw(st.booleans()):
        low = draw(st.integers(2, 5))  # 1 is left out: see the module docstring (avail-hpa-min-replicas)
        autoscale = WorkerAutoscaling(min_replicas=low, max_replicas=draw(st.integers(low, 20)), cpu_utilization=draw(st.integers(1, 100)))
    replicas = draw(st.integers(1, 10))
    lowest = autoscale.min_replicas if autoscale else replicas
    waivers = {"avail-replicas": draw(REASONS)} if autoscale is None and replicas == 1 else {}
    pod = draw(pods(name, _selector(name, namespace), long_running=True, several_pods=autoscale is not None or lowest >= 2))
    liveness, readiness, startup, probe_waivers = draw(main_probes([p.port for p in pod.main_ports]))
    metrics = None
    if pod.main_ports and draw(st.booleans()):
        metrics = MetricsEndpoint(port=pod.main_ports[draw(st.integers(0, len(pod.main_ports) - 1))].port, path=draw(url_paths))
    return WorkerProps(
        **draw(common(name, namespace, pod, {**waivers, **probe_waivers})), release=draw(releases), env=draw(envs()), ports=pod.main_ports,
        liveness=liveness, readiness=readiness, startup=startup, replicas=replicas, autoscale=autoscale, metrics=metrics,
        component=draw(components),
    )  # fmt: skip


@st.composite
def _job_fields(draw: st.DrawFn) -> tuple[str, str, Pod, dict[str, Any]]:
    name = draw(names)
    namespace = draw(namespaces(name))
    pod = draw(pods(name, _selector(name, namespace), long_running=False, several_pods=False, main_port_count=(0, 0)))
    fields = {
        "release": draw(releases), "env": draw(envs()), "restart_policy": draw(st.sampled_from(["OnFailure", "Never"])),
        "backoff_limit": draw(st.integers(0, 100)), "active_deadline_seconds": draw(st.integers(1, 7 * 86400)),
        "ttl_seconds_after_finished": draw(st.integers(0, 30 * 86400)), "component": draw(components),
    }  # fmt: skip
    return name, namespace, pod, fields


@st.composite
def batch_job_props(draw: st.DrawFn) -> JobProps:
    name, namespace, pod, fields = draw(_job_fields())
    return JobProps(**draw(common(name, namespace, pod, {})), **fields)


# Cron schedules: five fields of values, ranges, steps and lists (month and weekday names too), or a macro.
def _cron_field(low: int, high: int, names_: Sequence[str] = ()) -> st.SearchStrategy[str]:
    def value(draw: st.DrawFn) -> str:
        n = draw(st.integers(low, high))
        return names_[n - low] if names_ and draw(st.booleans()) else str(n)

    @st.composite
    def item(draw: st.DrawFn) -> str:
        kind = draw(st.sampled_from(["value", "range", "star-step", "range-step"]))
        if kind == "value":
            return value(draw)
        if kind == "star-step":
            return f"*/{draw(st.integers(1, high - low + 1))}"
        a = draw(st.integers(low, high))
        b = draw(st.integers(a, high))
        text = f"{a}-{b}"
        return text if kind == "range" else f"{text}/{draw(st.integers(1, high - low + 1))}"

    return st.one_of(st.just("*"), st.lists(item(), min_size=1, max_size=3).map(",".join))


_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
schedules = st.one_of(
    st.sampled_from(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]),
    st.tuples(_cron_field(0, 59), _cron_field(0, 23), _cron_field(1, 31), _cron_field(1, 12, _MONTHS), _cron_field(0, 6, _DAYS)).map(" ".join),
)


@st.composite
def scheduled_job_props(draw: st.DrawFn) -> ScheduledJobProps:
    name, namespace, pod, fields = draw(_job_fields())
    concurrency = draw(st.sampled_from(["Forbid", "Replace", "Allow"]))
    waivers = {"avail-cronjob-concurrency": draw(REASONS)} if concurrency == "Allow" else {}
    return ScheduledJobProps(
        **draw(common(name, namespace, pod, waivers)), **fields, schedule=draw(schedules), time_zone=draw(TIME_ZONES),
        concurrency_policy=concurrency, starting_deadline_seconds=draw(st.integers(1, 86400)), history=draw(st.integers(0, 100)),
        suspend=draw(st.booleans()),
    )  # fmt: skip


@st.composite
def stateful_service_props(draw: st.DrawFn) -> StatefulServiceProps:
    name = draw(names)
    namespace = draw(namespaces(name))
    claim_names = draw(st.lists(dns_labels, min_size=1, max_size=3, unique=True))
    claim_paths = draw(st.lists(paths, min_size=len(claim_names), max_size=len(claim_names), unique=True))
    claims = tuple(
        VolumeClaim(
            name=claim, size=draw(quantities), mount_path=path, storage_class=draw(st.one_of(st.none(), dns_subdomains)),
            access_mode=draw(st.sampled_from(["ReadWriteOnce", "ReadWriteOncePod", "ReadOnlyMany", "ReadWriteMany"])),
        )
        for claim, path in zip(claim_names, claim_paths, strict=True)
    )  # fmt: skip
    replicas = draw(st.integers(1, 7))
    waivers = {"avail-replicas": draw(REASONS)} if replicas == 1 else {}
    pod = draw(pods(name, _selector(name, namespace), long_running=True, several_pods=replicas >= 2,
                    claims=[(c.name, c.mount_path) for c in claims], main_port_count=(1, 3)))  # fmt: skip
    assume(not {c.mount_path for c in claims} & set(pod.main_writable))
    liveness, readiness, startup, probe_waivers = draw(main_probes([p.port for p in pod.main_ports]))
    metrics = None
    if draw(st.booleans()):
        metrics = MetricsEndpoint(port=pod.main_ports[draw(st.integers(0, len(pod.main_ports) - 1))].port, path=draw(url_paths))
    return StatefulServiceProps(
        **draw(common(name, namespace, pod, {**waivers, **probe_waivers})), release=draw(releases), ports=pod.main_ports, claims=claims,
        env=draw(envs()), liveness=liveness, readiness=readiness, startup=startup, replicas=replicas,
        peer_ports=tuple(draw(st.lists(st.integers(1, 65535), max_size=3, unique=True))), parallel=draw(st.booleans()), metrics=metrics,
        component=draw(components),
    )  # fmt: skip


# --- whole apps: the shape and the ConfigMaps it needs ----------------------------------------------
@dataclasses.dataclass(frozen=True)
class ShapeApp:
    """One example: a shape's props, and the ConfigMaps (name -> data) rendered beside it because its pods need them.

    ``cross-pod-references`` requires the ConfigMaps (and keys) that pods of a namespace the input creates refer to;
    an app that refers to its settings renders them (``SettingsConfigMap``), so every example does. Secrets are made
    outside the render, as the rule expects, and are not rendered.
    """

    props: WorkloadProps
    config_maps: Mapping[str, Mapping[str, str]]


def config_map_references(props: WorkloadProps) -> dict[str, set[str]]:
    """ConfigMap name -> the keys that the props' containers (env, envFrom) and volumes refer to."""
    refs: dict[str, set[str]] = {}
    sources: list[tuple[Mapping[str, EnvValue], tuple[EnvFrom, ...]]] = [(getattr(props, "env", {}), props.env_from)]
    sources += [(c.env, c.env_from) for c in (*props.pod.sidecars, *props.pod.init_containers)]
    for env, env_from in sources:
        for value in env.values():
            if isinstance(value, ConfigMapValue):
                refs.setdefault(value.config_map, set()).add(value.key)
        for source in env_from:
            if source.config_map is not None:
                refs.setdefault(source.config_map, set())
    for volume_ in props.pod.volumes:
        names_ = [volume_.config_map] if isinstance(volume_, ConfigMapVolume) else list(getattr(volume_, "config_maps", ()))
        for name in names_:
            refs.setdefault(name, set())
    return refs


_CREDENTIAL_WORDS = {"password", "passwd", "passphrase", "secret", "token", "apikey", "credentials"}
_CREDENTIAL_PAIRS = {("api", "key"), ("secret", "key"), ("private", "key")}


def credential_key(key: str) -> bool:
    """A ConfigMap key that ``sec-secret-values`` reads as a credential's (its last word, or two, name one)."""
    words = [w for w in re.split(r"[^a-z0-9]+", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", key).lower()) if w]
    return bool(words) and (words[-1] in _CREDENTIAL_WORDS or tuple(words[-2:]) in _CREDENTIAL_PAIRS)


# A credential-like key holds no literal: empty, a reference or a file path (a ConfigMap is no place for a secret).
credential_placeholders = st.sampled_from(["", "$(DB_PASSWORD)", "${TOKEN}", "{{ .Values.token }}", "<set me>", "/run/secrets/token"])


@st.composite
def apps(draw: st.DrawFn, props_strategy: st.SearchStrategy[WorkloadProps]) -> ShapeApp:
    props = draw(props_strategy)
    config_maps = {
        name: {
            key: draw(credential_placeholders if credential_key(key) else text_values) for key in sorted(keys | set(draw(st.lists(config_keys, max_size=2))))
        }
        for name, keys in sorted(config_map_references(props).items())
    }
    return ShapeApp(props, config_maps)


SHAPE_PROPS: dict[str, Callable[[], st.SearchStrategy[WorkloadProps]]] = {
    "Worker": worker_props, "BatchJob": batch_job_props, "ScheduledJob": scheduled_job_props, "StatefulService": stateful_service_props,
}  # fmt: skip
