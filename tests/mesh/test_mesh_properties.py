"""Hypothesis properties of the slot weights: what ``Mesh`` accepts, the traffic it gives, and the render.

Valid weights are every slot listed with percents adding up to 100, or all slots but one with at most
100 in all (the one left out gets the rest), or none (everything to ``blue_green.active``).
"""

from __future__ import annotations

from typing import Any

import cdk8s
from hypothesis import given, settings
from hypothesis import strategies as st

from constructs_lib.mesh import Mesh
from constructs_lib.network_policy import NamespacePeer
from constructs_lib.shape import NetworkAccess, Release
from constructs_lib.web_service import BlueGreen, WebService, WebServiceProps

SLOT = st.from_regex(r"\A[a-z]([a-z0-9]{0,6})\Z")


def _split(total: int, parts: int) -> st.SearchStrategy[list[int]]:
    """``parts`` non-negative integers adding up to ``total``."""
    if parts == 1:
        return st.just([total])
    return st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1).map(
        lambda cuts: [b - a for a, b in zip([0, *sorted(cuts)], [*sorted(cuts), total], strict=True)]
    )


@st.composite
def valid_case(draw: Any) -> tuple[tuple[str, ...], str, dict[str, int]]:
    slots = tuple(sorted(draw(st.lists(SLOT, min_size=2, max_size=4, unique=True))))
    active = draw(st.sampled_from(slots))
    form = draw(st.sampled_from(("all", "one-left-out", "none")))
    if form == "none":
        return slots, active, {}
    if form == "all":
        return slots, active, dict(zip(slots, draw(_split(100, len(slots))), strict=True))
    left_out = draw(st.sampled_from(slots))
    listed = [s for s in slots if s != left_out]
    total = draw(st.integers(0, 100))
    return slots, active, dict(zip(listed, draw(_split(total, len(listed))), strict=True))


@given(case=valid_case())
def test_valid_weights_give_every_slot_a_share_adding_up_to_100(case: tuple[tuple[str, ...], str, dict[str, int]]) -> None:
    slots, active, weights = case
    mesh = Mesh(weights=weights)
    assert not list(mesh.problems("mesh.", slots))
    traffic = mesh.traffic(slots, active)
    assert list(traffic) == list(slots)
    assert sum(traffic.values()) == 100
    assert all(traffic[slot] == weight for slot, weight in weights.items())
    if not weights:
        assert traffic[active] == 100


@given(case=valid_case())
def test_the_primary_slot_has_the_largest_weight_and_active_breaks_ties(case: tuple[tuple[str, ...], str, dict[str, int]]) -> None:
    slots, active, weights = case
    mesh = Mesh(weights=weights)
    traffic = mesh.traffic(slots, active)
    primary = mesh.primary(slots, active)
    assert traffic[primary] == max(traffic.values())
    if traffic[active] == max(traffic.values()):
        assert primary == active


@given(
    slots=st.lists(SLOT, min_size=2, max_size=4, unique=True).map(lambda s: tuple(sorted(s))),
    data=st.data(),
)
def test_weights_of_every_slot_not_adding_up_to_100_are_refused(slots: tuple[str, ...], data: st.DataObject) -> None:
    percents = data.draw(st.lists(st.integers(0, 100), min_size=len(slots), max_size=len(slots)).filter(lambda w: sum(w) != 100))
    weights = dict(zip(slots, percents, strict=True))
    problems = list(Mesh(weights=weights).problems("mesh.", slots))
    assert [p.prop for p in problems] == ["mesh.weights"]
    # Refused weights never move traffic: the primary stays blue_green.active.
    assert Mesh(weights=weights).primary(slots, slots[-1]) == slots[-1]


@given(
    slots=st.lists(SLOT, min_size=3, max_size=4, unique=True).map(lambda s: tuple(sorted(s))),
    weight=st.integers(0, 100),
)
def test_leaving_out_two_slots_is_refused(slots: tuple[str, ...], weight: int) -> None:
    problems = list(Mesh(weights={slots[0]: weight}).problems("mesh.", slots))
    assert [p.prop for p in problems] == ["mesh.weights"]
    assert "at most one" in problems[0].allowed


@given(weight=st.integers().filter(lambda w: not 0 <= w <= 100) | st.booleans())
def test_a_weight_out_of_range_is_refused(weight: int) -> None:
    problems = list(Mesh(weights={"green": weight}).problems("mesh.", ("blue", "green")))
    assert "mesh.weights['green']" in [p.prop for p in problems]


@settings(max_examples=15)
@given(case=valid_case())
def test_the_render_routes_and_scales_by_the_weights(case: tuple[tuple[str, ...], str, dict[str, int]]) -> None:
    slots, active, weights = case
    release = Release(image="ghcr.io/example/shop:1.0.0", version="v1")
    props = WebServiceProps(
        name="shop", namespace="shop", blue_green=BlueGreen(active=active, slots=dict.fromkeys(slots, release)),
        network=NetworkAccess(ingress_from=(NamespacePeer(namespace="ingress-nginx", ports=(8080,)),)),
        mesh=Mesh(weights=weights),
    )  # fmt: skip
    chart = cdk8s.Chart(cdk8s.App(), "shop")
    WebService(chart, "shop", props)
    docs = {doc["kind"]: doc for doc in chart.to_json() if doc["kind"] != "Deployment"}
    traffic = Mesh(weights=weights).traffic(slots, active)
    (route,) = docs["VirtualService"]["spec"]["http"]
    assert {d["destination"]["subset"]: d["weight"] for d in route["route"]} == traffic
    assert [s["name"] for s in docs["DestinationRule"]["spec"]["subsets"]] == list(slots)
    assert all(s["labels"] == {"slot": s["name"]} for s in docs["DestinationRule"]["spec"]["subsets"])
    primary = docs["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]["name"].removeprefix("shop-")
    assert traffic[primary] == max(traffic.values())
    assert docs["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"]["slot"] == primary
    assert "slot" not in docs["Service"]["spec"]["selector"]
