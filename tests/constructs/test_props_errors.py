"""Bad props fail at construction with every problem named: the prop, the value, what is allowed."""

from __future__ import annotations

import dataclasses

import cdk8s
import pytest

from constructs_lib import (
    BlueGreen,
    HttpProbe,
    PropsError,
    Release,
    Resources,
    WebService,
    WebServiceProps,
)

GOOD = WebServiceProps(name="shop", namespace="shop", release=Release(image="ghcr.io/acme/shop:1.2.3", version="1.2.3"))


def _errors(**changes) -> PropsError:
    chart = cdk8s.Testing.chart()
    with pytest.raises(PropsError) as caught:
        WebService(chart, "svc", dataclasses.replace(GOOD, **changes))
    assert cdk8s.Testing.synth(chart) == []  # nothing was built
    return caught.value


def test_good_props_build():
    chart = cdk8s.Testing.chart()
    WebService(chart, "svc", GOOD)
    assert len(cdk8s.Testing.synth(chart)) == 7  # no ConfigMap, no Ingress


@pytest.mark.parametrize(
    ("changes", "prop", "value_text", "allowed_text"),
    [
        ({"min_replicas": 1, "pdb_min_available": 1}, "pdb_min_available", "1", "allows one voluntary disruption at min_replicas=1"),
        ({"min_replicas": 2, "pdb_min_available": 2}, "pdb_min_available", "2", "min_replicas=2"),
        ({"pdb_min_available": "100%"}, "pdb_min_available", "'100%'", "allows 0"),
        ({"max_surge": 0, "max_unavailable": 0}, "max_surge/max_unavailable", "(0, 0)", "not both 0"),
        ({"liveness": HttpProbe(path="/health", port=9999)}, "liveness.port", "9999", "one of the container ports [8080]"),
        ({"readiness": HttpProbe(path="/ready", port=81)}, "readiness.port", "81", "one of the container ports"),
        ({"resources": Resources(cpu_request="2", cpu_limit="500m")}, "resources.cpu_limit", "'500m'", "at least cpu_request (2)"),
        ({"resources": Resources(memory_request="1Gi", memory_limit="512Mi")}, "resources.memory_limit", "'512Mi'", "at least memory_request"),
        ({"resources": Resources(cpu_request="lots")}, "resources.cpu_request", "'lots'", "Kubernetes quantity"),
        ({"name": "Shop_Service"}, "name", "'Shop_Service'", "RFC 1035"),
        ({"namespace": "x" * 64}, "namespace", "'xxxx", "at most 63 characters"),
        ({"release": Release(image="ghcr.io/acme/shop:latest", version="1")}, "image", ":latest'", "other than 'latest'"),
        ({"release": Release(image="ghcr.io/acme/shop", version="1")}, "image", "'ghcr.io/acme/shop'", "explicit tag"),
        ({"release": Release(image="a/b:1", version="not a label!")}, "version", "'not a label!'", "label value"),
        ({"min_replicas": 5, "max_replicas": 3}, "max_replicas", "3", "at least min_replicas (5)"),
        ({"http_port": 70000}, "port", "70000", "from 1 to 65535"),
        ({"release": None}, "release/blue_green", "(None, None)", "exactly one"),
        ({"blue_green": BlueGreen(active="red", slots={"blue": GOOD.release, "green": GOOD.release})}, "blue_green.active", "'red'", "one of the slots"),
        ({"cpu_utilization": 0}, "cpu_utilization", "0", "from 1 to 100"),
    ],
)
def test_each_bad_prop_is_named(changes, prop, value_text, allowed_text):
    if "blue_green" in changes:
        changes = {**changes, "release": None}
    error = _errors(**changes)
    matching = [p for p in error.problems if p.split("=", 1)[0].endswith(prop)]
    assert matching, f"no problem names {prop!r}: {error.problems}"
    assert any(value_text in p and allowed_text in p for p in matching), error.problems
    assert str(error).startswith(f"WebService {changes.get('name', 'shop')!r}:")


def test_hosts_are_checked():
    from constructs_lib import IngressSettings

    for host in ("*.omnitide.dev", "Control.Omnitide.dev", "10.0.0.1", "localhost", "a..b.com"):
        error = _errors(ingress=IngressSettings(host=host, tls_secret="tls"))
        assert any(p.startswith(f"ingress.host={host!r}") for p in error.problems), error.problems


def test_several_problems_are_reported_together():
    error = _errors(
        name="Bad Name", max_surge=0, max_unavailable=0, min_replicas=2, pdb_min_available=2, resources=Resources(cpu_request="1", cpu_limit="100m")
    )
    props = {p.split("=", 1)[0] for p in error.problems}
    assert {"name", "max_surge/max_unavailable", "resources.cpu_limit", "pdb_min_available"} <= props
    assert f"{len(error.problems)} invalid prop(s)" in str(error)


def test_env_must_reference_the_services_own_config_map():
    from constructs_lib import ConfigMapValue

    error = _errors(config={"a": "1"}, env={"A": ConfigMapValue(config_map="shop-config", key="missing")})
    assert any(p.startswith("env['A']=") and "['a']" in p for p in error.problems), error.problems
