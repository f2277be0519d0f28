"""Blue/green on fake nodes: the Service follows `blue_green.active`, without an empty moment,
and the PodDisruptionBudget allows exactly the evictions it promises.

Production is rendered twice into a temporary folder (`CDK8S_OUTDIR`, and
`CONTROL_PANEL_ENVIRONMENTS` pointing at a copy of environments.yaml whose `active` is blue or
green) and applied with `kubectl apply --server-side` to a cluster with the controller manager,
the scheduler and kwok (fake kubelets on three nodes in two zones: pods become Running and
Ready without containers). The test starts from the slot environments.yaml makes active,
switches to the other and rolls back. While switching, a thread polls the Service's
EndpointSlices every 50 ms; the ready endpoint count must never reach zero. (It does dip, to 1:
the render leaves `replicas` out of the newly active slot's Deployment, for its HPA, so
server-side apply removes the field, the Deployment falls to the default of 1 and deletes two
ready pods, and the HPA scales it back to minReplicas at its next sync; -s prints each switch's
counts over time.)
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from kube_cluster import PROMETHEUS_OPERATOR_CRDS, ROOT, Api, Cluster

ENVIRONMENTS = ROOT / "environments.yaml"
NAMESPACE_KEY = "production"
SERVICE = "control-panel"
SLOTS = ("blue", "green")
TIMEOUT = 150


def production() -> dict[str, Any]:
    return yaml.safe_load(ENVIRONMENTS.read_text())[NAMESPACE_KEY]


def render(tmp: Path, active: str) -> Path:
    """Render every environment with production's active slot set; return the production folder."""
    text = ENVIRONMENTS.read_text()
    changed, count = re.subn(r"^(\s+active:\s*)\S+\s*$", rf"\g<1>{active}", text, flags=re.MULTILINE)
    assert count == 1, "environments.yaml has one blue_green.active line"
    envs = tmp / f"environments-{active}.yaml"
    envs.write_text(changed)
    out = tmp / f"render-{active}"
    env = {**os.environ, "CDK8S_OUTDIR": str(out), "CONTROL_PANEL_ENVIRONMENTS": str(envs)}
    proc = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "main.py"], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=600)
    assert proc.returncode == 0, f"render with active={active} failed:\n{proc.stdout}\n{proc.stderr}"
    folder = out / production()["namespace"]
    service = yaml.safe_load(next(folder.glob("service-*.yaml")).read_text())
    assert service["spec"]["selector"]["slot"] == active, f"the render with active={active} selects {service['spec']['selector']}"
    return folder


def ready_endpoints(api: Api, namespace: str) -> dict[str, list[str]]:
    """Slot -> names of the pods the Service's EndpointSlices list as ready (other: unknown slot)."""
    slices = api.get(f"/apis/discovery.k8s.io/v1/namespaces/{namespace}/endpointslices?labelSelector=kubernetes.io/service-name%3D{SERVICE}")
    assert slices.status == 200, slices
    ready: dict[str, list[str]] = {slot: [] for slot in (*SLOTS, "other")}
    for item in slices.json()["items"]:
        for endpoint in item.get("endpoints") or []:
            if endpoint.get("conditions", {}).get("ready"):
                name = endpoint.get("targetRef", {}).get("name", "")
                slot = next((s for s in SLOTS if name.startswith(f"{SERVICE}-{s}-")), "other")
                ready[slot].append(name)
    return ready


def ready_pods(api: Api, namespace: str, slot: str) -> list[str]:
    pods = api.get(f"/api/v1/namespaces/{namespace}/pods?labelSelector=slot%3D{slot}").json()["items"]
    return sorted(
        p["metadata"]["name"]
        for p in pods
        if not p["metadata"].get("deletionTimestamp") and any(c["type"] == "Ready" and c["status"] == "True" for c in p.get("status", {}).get("conditions", []))
    )


def wait_for(what: str, check: Any, timeout: float = TIMEOUT) -> Any:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last and last[0]:
            return last[1]
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout} s waiting for {what}; last seen: {last[1] if last else None}", pytrace=False)


def serving_only(api: Api, namespace: str, slot: str, replicas: int) -> Any:
    """Wait until the Service lists exactly `replicas` ready pods, all of slot, and slot's
    Deployment has them all ready."""

    def check() -> tuple[bool, Any]:
        endpoints = ready_endpoints(api, namespace)
        others = [n for s, names in endpoints.items() if s != slot for n in names]
        return len(endpoints[slot]) == replicas and not others and len(ready_pods(api, namespace, slot)) == replicas, endpoints

    return wait_for(f"the Service to list only {replicas} ready {slot} pods", check)


class Poller(threading.Thread):
    """Samples the ready endpoints every 50 ms until stopped."""

    def __init__(self, api: Api, namespace: str):
        super().__init__(daemon=True)
        self.api, self.namespace = api.clone(), namespace
        self.samples: list[tuple[float, dict[str, int]]] = []
        self.stopping = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        start = time.monotonic()
        try:
            while not self.stopping.is_set():
                ready = ready_endpoints(self.api, self.namespace)
                self.samples.append((time.monotonic() - start, {s: len(n) for s, n in ready.items()}))
                time.sleep(0.05)
        except BaseException as error:  # reported by the test (stop)
            self.error = error
        finally:
            self.api.close()

    def stop(self) -> list[tuple[float, dict[str, int]]]:
        self.stopping.set()
        self.join(timeout=10)
        assert self.error is None, f"polling the EndpointSlices failed: {self.error!r}"
        return self.samples


def apply(cluster: Cluster, folder: Path) -> None:
    cluster.install_crds(PROMETHEUS_OPERATOR_CRDS)
    namespace_files = sorted(folder.glob("namespace-*.yaml"))
    for path in [*namespace_files, folder]:
        proc = cluster.kubectl("apply", "--server-side", "--field-manager", "control-panel", "-f", str(path))
        assert proc.returncode == 0 and not proc.stderr.strip(), f"kubectl apply -f {path}: {proc.returncode}\n{proc.stdout}\n{proc.stderr}"


@pytest.fixture(scope="module")
def renders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("blue-green")
    return {slot: render(tmp, slot) for slot in SLOTS}


def switch(cluster: Cluster, folder: Path, namespace: str, to: str, replicas: int) -> dict[str, Any]:
    api = cluster.client()
    poller = Poller(api, namespace)
    poller.start()
    try:
        time.sleep(0.2)
        started = time.monotonic()
        apply(cluster, folder)
        serving_only(api, namespace, to, replicas)
        took = time.monotonic() - started
        time.sleep(0.5)
    finally:
        samples = poller.stop()
    totals = [sum(counts.values()) for _, counts in samples]
    assert len(samples) >= 10, f"only {len(samples)} samples of the EndpointSlices during the switch"
    zero = [f"{t:.2f}s" for t, counts in samples if sum(counts.values()) == 0]
    assert not zero, f"switching to {to}: no ready endpoint at {zero}"
    transitions = []
    for t, counts in samples:
        state = "/".join(f"{slot} {counts[slot]}" for slot in SLOTS)
        if not transitions or transitions[-1][1] != state:
            transitions.append((round(t, 2), state))
    return {
        "ready endpoints (s: counts)": transitions,
        "samples": len(samples),
        "min ready": min(totals),
        "seconds": round(took, 1),
        "min ready of the new slot once it served": _min_after_first(samples, to),
    }


def _min_after_first(samples: list[tuple[float, dict[str, int]]], slot: str) -> int:
    seen = [counts[slot] for _, counts in samples]
    first = next((i for i, n in enumerate(seen) if n), len(seen))
    return min(seen[first:], default=0)


def test_blue_green_switch_and_rollback(running_cluster: Cluster, renders: dict[str, Path], record_property: Any) -> None:
    env = production()
    namespace = env["namespace"]
    replicas = env["min_replicas"]
    active = env["blue_green"]["active"]
    other = next(s for s in SLOTS if s != active)
    api = running_cluster.client()

    apply(running_cluster, renders[active])
    serving_only(api, namespace, active, replicas)
    # The idle slot is a warm standby: its pods run too.
    wait_for(f"the idle {other} slot's pods to be ready", lambda: (len(ready_pods(api, namespace, other)) == replicas, ready_pods(api, namespace, other)))

    switched = switch(running_cluster, renders[other], namespace, other, replicas)
    record_property(f"switch to {other}", switched)
    rollback = switch(running_cluster, renders[active], namespace, active, replicas)
    record_property(f"rollback to {active}", rollback)
    print(f"switch to {other}: {switched}; rollback to {active}: {rollback}")


def evict(api: Api, namespace: str, pod: str) -> int:
    eviction = {"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": pod, "namespace": namespace}}
    return api.request("POST", f"/api/v1/namespaces/{namespace}/pods/{pod}/eviction", eviction).status


def pdb_allows(api: Api, namespace: str, name: str, allowed: int, healthy: int) -> Any:
    def check() -> tuple[bool, Any]:
        pdb = api.get(f"/apis/policy/v1/namespaces/{namespace}/poddisruptionbudgets/{name}").json()
        status = pdb.get("status", {})
        ok = (
            status.get("observedGeneration") == pdb["metadata"]["generation"]
            and status.get("disruptionsAllowed") == allowed
            and status.get("currentHealthy") == healthy
        )
        return ok, status

    return wait_for(f"PodDisruptionBudget {name} to allow {allowed} disruption(s) with {healthy} healthy pods", check)


def test_the_pdb_allows_exactly_the_evictions_it_promises(running_cluster: Cluster, renders: dict[str, Path]) -> None:
    env = production()
    namespace, replicas, min_available = env["namespace"], env["min_replicas"], env["pdb_min_available"]
    active = env["blue_green"]["active"]
    idle = next(s for s in SLOTS if s != active)
    api = running_cluster.client()
    apply(running_cluster, renders[active])
    serving_only(api, namespace, active, replicas)
    pdb = yaml.safe_load(next(renders[active].glob("poddisruptionbudget-*.yaml")).read_text())
    name = pdb["metadata"]["name"]
    budget = replicas - min_available
    assert budget >= 1, "the budget allows at least one eviction"

    for cycle in range(2):
        pdb_allows(api, namespace, name, budget, replicas)
        pods = ready_pods(api, namespace, active)
        # kwok would ready a replacement within a tenth of a second, and the budget with it: frozen,
        # the evictions meet the budget as they would in a real cluster.
        with running_cluster.kubelets_paused():
            statuses = [evict(api, namespace, pod) for pod in pods[: budget + 1]]
        assert statuses == [201] * budget + [429], f"cycle {cycle}: evictions of {pods[: budget + 1]} answered {statuses}"
        # The replacement pods restore the budget.
        serving_only(api, namespace, active, replicas)

    # The budget covers the active slot only: the idle one's pods may all go.
    idle_pods = ready_pods(api, namespace, idle)
    assert [evict(api, namespace, pod) for pod in idle_pods] == [201] * len(idle_pods)
