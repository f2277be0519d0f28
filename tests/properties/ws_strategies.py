"""Hypothesis strategies for ``WebServiceProps``: the valid space, and single invalid props.

The valid space is what ``WebService`` accepts (its own checks refuse the rest, see the
regression tests in ``test_webservice_properties.py``: a name and namespace whose instance
label exceeds 63 characters, writable paths without distinct volume names, one replica,
UIDs below 1000, empty labels), minus values that the policy pack flags on purpose because
they are unsafe although well-formed: port 22 (``sec-ssh-port``), the ``default`` namespace
(``meta-default-namespace``), credential-like env names with literal values
(``sec-env-secret-literal``).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

import yaml
from hypothesis import assume
from hypothesis import strategies as st

from constructs_lib.container import ConfigMapValue, Resources
from constructs_lib.ingress import RateLimit
from constructs_lib.network_policy import NamespacePeer
from constructs_lib.probes import HttpProbe
from constructs_lib.scaling import ScalingPolicy, ScalingRules
from constructs_lib.shape import NetworkAccess, Release
from constructs_lib.web_service import BlueGreen, IngressSettings, WebServiceProps

NAME_MAX = 40
# Go YAML (conftest, kubectl, Argo CD) reads these plain scalars as booleans or numbers, but
# PyYAML (render.to_yaml) writes them unquoted: bug, see test_go_yaml_scalars_stay_strings.
_GO_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def go_reads_as_string(value: str) -> bool:
    if yaml.safe_dump(value).startswith(("'", '"')):
        return True
    return not (value in {"y", "Y", "n", "N"} or _GO_FLOAT.fullmatch(value) or re.fullmatch(r"[-+]?0[oObBxX][0-9a-fA-F_]+", value))


LABEL_VALUE_MAX = 63


def rfc1035(max_len: int) -> st.SearchStrategy[str]:
    pattern = rf"\A[a-z]([-a-z0-9]{{0,{max_len - 2}}}[a-z0-9])?\Z" if max_len > 1 else r"\A[a-z]\Z"
    return st.from_regex(pattern).filter(go_reads_as_string)


def rfc1123(max_len: int) -> st.SearchStrategy[str]:
    pattern = rf"\A[a-z0-9]([-a-z0-9]{{0,{max_len - 2}}}[a-z0-9])?\Z" if max_len > 1 else r"\A[a-z0-9]\Z"
    return st.from_regex(pattern).filter(go_reads_as_string)


def label_value(max_len: int = LABEL_VALUE_MAX) -> st.SearchStrategy[str]:
    """A non-empty label value."""
    return st.from_regex(rf"\A[A-Za-z0-9]([-A-Za-z0-9_.]{{0,{max_len - 2}}}[A-Za-z0-9])?\Z").filter(go_reads_as_string)


names = rfc1035(NAME_MAX)


def namespaces(name: str) -> st.SearchStrategy[str]:
    # A numeric suffix widens the space so that examples rarely share a namespace
    # (examples are checked together by `conftest --combine`, batched by namespace).
    budget = LABEL_VALUE_MAX - len(name) - 1
    plain = rfc1123(budget)
    suffixed = st.builds(lambda base, n: f"{base}-{n}"[:budget].strip("-") or "n", rfc1123(max(budget - 7, 1)), st.integers(0, 999_999))
    return st.one_of(plain, suffixed).filter(lambda ns: ns != "default" and bool(re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", ns)) and go_reads_as_string(ns))


# --- images -------------------------------------------------------------------------------
_component = st.from_regex(r"\A[a-z0-9]{1,8}([._-][a-z0-9]{1,6}){0,2}\Z")
registries = st.sampled_from([
    None, "ghcr.io", "docker.io", "quay.io", "registry.k8s.io", "registry.example.com:5000", "localhost:5000",
    "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "europe-docker.pkg.dev",
])  # fmt: skip
tags = st.from_regex(r"\A[A-Za-z0-9_][A-Za-z0-9_.-]{0,30}\Z").filter(lambda t: t != "latest")
digests = st.from_regex(r"\A[a-f0-9]{64}\Z").map(lambda h: f"sha256:{h}")


@st.composite
def images(draw: st.DrawFn) -> str:
    registry = draw(registries)
    path = "/".join(draw(st.lists(_component, min_size=1, max_size=3)))
    repo = f"{registry}/{path}" if registry else path
    pin = draw(st.sampled_from(["tag", "digest", "both"]))
    if pin == "tag":
        return f"{repo}:{draw(tags)}"
    if pin == "digest":
        return f"{repo}@{draw(digests)}"
    return f"{repo}:{draw(tags)}@{draw(digests)}"


releases = st.builds(Release, image=images(), version=label_value())

# --- resources ----------------------------------------------------------------------------
_CPU_UNITS = {"m": Decimal("0.001"), "": Decimal(1)}
_BYTE_UNITS = {"": Decimal(1), "k": Decimal(10**3), "M": Decimal(10**6), "G": Decimal(10**9), "Ki": Decimal(2**10), "Mi": Decimal(2**20), "Gi": Decimal(2**30)}


@st.composite
def quantity_pair(draw: st.DrawFn, units: dict[str, Decimal], low: Decimal, high: Decimal) -> tuple[str, str]:
    """A (request, limit) pair of quantities in any units, limit >= request, both within [low, high]."""
    req_unit = draw(st.sampled_from(sorted(units)))
    lim_unit = draw(st.sampled_from(sorted(units)))
    req_n = draw(st.integers(max(1, math.ceil(low / units[req_unit])), max(1, int(high / units[req_unit]))))
    request = req_n * units[req_unit]
    lim_low = max(1, math.ceil(request / units[lim_unit]))
    lim_n = draw(st.integers(lim_low, max(lim_low, int(high / units[lim_unit]))))
    return f"{req_n}{req_unit}", f"{lim_n}{lim_unit}"


@st.composite
def resources(draw: st.DrawFn) -> Resources:
    cpu = draw(quantity_pair(_CPU_UNITS, Decimal("0.001"), Decimal(16)))
    memory = draw(quantity_pair(_BYTE_UNITS, Decimal(2**20), Decimal(2**35)))
    storage = draw(quantity_pair(_BYTE_UNITS, Decimal(2**20), Decimal(2**35)))
    return Resources(
        cpu_request=cpu[0], cpu_limit=cpu[1], memory_request=memory[0], memory_limit=memory[1],
        ephemeral_storage_request=storage[0], ephemeral_storage_limit=storage[1],
    )  # fmt: skip


# --- probes, ports ------------------------------------------------------------------------
ports = st.integers(1, 65535).filter(lambda p: p != 22)
url_paths = st.from_regex(r"\A/([a-z0-9_.-]{1,10}(/[a-z0-9_.-]{1,10}){0,2})?\Z")


@st.composite
def probes(draw: st.DrawFn, port_choices: list[int]) -> HttpProbe:
    period = draw(st.integers(2, 3600))
    return HttpProbe(
        path=draw(url_paths), port=draw(st.sampled_from(port_choices)),
        initial_delay_seconds=draw(st.integers(0, 3600)), period_seconds=period,
        timeout_seconds=draw(st.integers(1, period - 1)), failure_threshold=draw(st.integers(1, 100)),
    )  # fmt: skip


# --- scaling, PDB -------------------------------------------------------------------------
def scaled_up(value: int | str, replicas: int) -> int:
    """Pods a PDB value stands for at ``replicas``; percentages round up (computed here, independently)."""
    if isinstance(value, str):
        return math.ceil(int(value[:-1]) * replicas / 100)
    return value


@st.composite
def pdb_settings(draw: st.DrawFn, min_replicas: int) -> tuple[int | str | None, int | str | None]:
    """(min_available, max_unavailable) that still allow one eviction at min_replicas."""
    mode = draw(st.sampled_from(["default", "min_int", "min_pct", "max_int", "max_pct"]))
    if mode == "min_int":
        return draw(st.integers(0, min_replicas - 1)), None
    if mode == "min_pct":
        pct = draw(st.integers(0, 100).filter(lambda p: math.ceil(p * min_replicas / 100) <= min_replicas - 1))
        return f"{pct}%", None
    if mode == "max_int":
        return None, draw(st.integers(1, 20))
    if mode == "max_pct":
        return None, f"{draw(st.integers(1, 100))}%"
    return None, None


scaling_rules = st.builds(
    ScalingRules,
    stabilization_window_seconds=st.integers(0, 3600),
    policies=st.lists(
        st.builds(ScalingPolicy, type=st.sampled_from(["Pods", "Percent"]), value=st.integers(1, 1000), period_seconds=st.integers(1, 1800)),
        min_size=1, max_size=3,
    ).map(tuple),
    select_policy=st.sampled_from([None, "Max", "Min", "Disabled"]),
)  # fmt: skip

# --- ingress, network ---------------------------------------------------------------------
hosts = st.builds(
    lambda labels, tld: ".".join([*labels, tld]),
    st.lists(rfc1123(20), min_size=1, max_size=3),
    st.from_regex(r"\A[a-z]([-a-z0-9]{0,8}[a-z0-9])?\Z"),
)
dns_subdomains = st.lists(rfc1123(20), min_size=1, max_size=3).map(".".join)
ingress_settings = st.builds(
    IngressSettings,
    host=hosts,
    tls_secret=dns_subdomains,
    class_name=st.one_of(st.just("nginx"), dns_subdomains),
    cluster_issuer=st.one_of(st.none(), dns_subdomains),
    rate_limit=st.one_of(
        st.none(),
        st.builds(
            RateLimit, requests_per_second=st.integers(1, 10_000), burst_multiplier=st.integers(1, 20), connections=st.one_of(st.none(), st.integers(1, 1000))
        ),
    ),
)
peers = st.builds(NamespacePeer, namespace=rfc1123(63), ports=st.lists(st.integers(1, 65535), min_size=1, max_size=3).map(tuple))
network_access = st.builds(
    NetworkAccess,
    ingress_from=st.lists(peers, max_size=3).map(tuple),
    egress_to=st.lists(peers, max_size=3).map(tuple),
    allow_dns=st.booleans(),
    allow_https=st.booleans(),
)

# --- config, env --------------------------------------------------------------------------
# The policy pack's credential-name pattern (sec-env-secret-literal): such names must not carry literals.
_SECRET_NAME = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|(^|_)KEY($|_)")
env_names = st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_.-]{0,20}\Z").filter(lambda n: not _SECRET_NAME.search(n.upper()))
text_values = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30).filter(go_reads_as_string)
config_keys = st.from_regex(r"\A[-._a-zA-Z0-9]{1,30}\Z")

writable_segments = st.from_regex(r"\A[a-z][a-z0-9]{0,9}\Z")


@st.composite
def writable_paths(draw: st.DrawFn) -> tuple[str, ...]:
    paths = draw(
        st.lists(
            st.lists(writable_segments, min_size=1, max_size=3).map(lambda s: "/" + "/".join(s)), max_size=4, unique_by=lambda p: p.strip("/").replace("/", "-")
        )
    )
    return tuple(paths)


@st.composite
def valid_props(draw: st.DrawFn) -> WebServiceProps:
    name = draw(names)
    namespace = draw(namespaces(name))
    http_port = draw(ports)
    metrics_port = draw(st.one_of(st.none(), ports.filter(lambda p: p != http_port)))
    port_choices = [http_port] if metrics_port is None else [http_port, metrics_port]
    liveness = draw(st.one_of(st.none(), probes(port_choices)))
    effective_liveness = liveness or HttpProbe(path="/healthz", port=http_port)
    waivers: dict[str, str] = {}
    if draw(st.booleans()):
        readiness = draw(probes(port_choices))
        assume((readiness.path, readiness.port) != (effective_liveness.path, effective_liveness.port))
    else:  # the default readiness probe (GET /readyz); waived in case the drawn liveness probe is GET /readyz too
        readiness = None
        waivers["probe-identical"] = draw(st.sampled_from(["liveness waits longer and fails slower than readiness", "x"]))

    blue_green = None
    release = None
    min_replicas = draw(st.integers(2, 10))
    if draw(st.booleans()):
        slot_names = draw(st.lists(rfc1123(min(20, 62 - len(name))), min_size=2, max_size=3, unique=True))
        slots = {slot: draw(releases) for slot in slot_names}
        blue_green = BlueGreen(active=draw(st.sampled_from(slot_names)), slots=slots)
    else:
        release = draw(releases)
    max_replicas = draw(st.integers(min_replicas, 30))
    cpu_utilization = draw(st.one_of(st.none(), st.integers(1, 100)))
    memory_utilization = draw(st.integers(1, 100) if cpu_utilization is None else st.one_of(st.none(), st.integers(1, 100)))
    pdb_min_available, pdb_max_unavailable = draw(pdb_settings(min_replicas))
    max_surge = draw(st.integers(0, 5))
    max_unavailable = draw(st.integers(1 if max_surge == 0 else 0, 5))

    config = draw(st.dictionaries(config_keys, text_values, max_size=4))
    env_values = st.one_of(
        text_values, *([st.sampled_from(sorted(config)).map(lambda k: ConfigMapValue(config_map=f"{name}-config", key=k))] if config else [])
    )
    env = draw(st.dictionaries(env_names, env_values, max_size=4))

    return WebServiceProps(
        name=name, namespace=namespace, release=release, blue_green=blue_green,
        http_port=http_port, metrics_port=metrics_port, metrics_path=draw(url_paths),
        liveness=liveness, readiness=readiness, resources=draw(resources()),
        env=env, config=config, run_as_user=draw(st.integers(1000, 2**31 - 1)),
        writable_paths=draw(writable_paths()),
        min_replicas=min_replicas, max_replicas=max_replicas,
        cpu_utilization=cpu_utilization, memory_utilization=memory_utilization,
        scale_up=draw(st.one_of(st.none(), scaling_rules)), scale_down=draw(st.one_of(st.none(), scaling_rules)),
        pdb_min_available=pdb_min_available, pdb_max_unavailable=pdb_max_unavailable,
        max_surge=max_surge, max_unavailable=max_unavailable,
        ingress=draw(st.one_of(st.none(), ingress_settings)), network=draw(network_access),
        component=draw(label_value(30)), part_of=draw(st.one_of(st.none(), label_value())),
        pss_level=draw(st.sampled_from(["restricted", "baseline"])),
        pss_version=draw(st.one_of(st.just("latest"), st.integers(0, 99).map(lambda n: f"v1.{n}"))),
        create_namespace=draw(st.booleans()),
        waivers=waivers,
    )  # fmt: skip
