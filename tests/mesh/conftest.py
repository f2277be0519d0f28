"""Fixtures of the mesh tests: the session's real API server (tests/cluster/kube_cluster.py) with the pinned Istio CRDs."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "cluster"))

ISTIO_MODULE = "istio.io/api"
ISTIO_API_VERSION = "v1.24.2"
ISTIO_CRD_FILE = "kubernetes/customresourcedefinitions.gen.yaml"


def _convert() -> Any:
    spec = importlib.util.spec_from_file_location("crd_convert_for_mesh", ROOT / "scripts" / "convert_crds.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def istio_crds() -> list[dict[str, Any]]:
    """The CRDs of the mesh's kinds, from the pinned istio.io/api module (the Go module cache, or the Go module proxy)."""
    go = shutil.which("go")
    if go is None:
        pytest.fail("go is not installed: it downloads the pinned Istio CRDs (istio.io/api@v1.24.2)", pytrace=False)
    done = subprocess.run([go, "mod", "download", "-json", f"{ISTIO_MODULE}@{ISTIO_API_VERSION}"], capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        pytest.fail(f"cannot download {ISTIO_MODULE}@{ISTIO_API_VERSION}: {done.stdout.strip() or done.stderr.strip()}", pytrace=False)
    convert = _convert()
    (source,) = [s for s in convert.SOURCES if s[0] == ISTIO_MODULE]
    assert source[1] == ISTIO_API_VERSION, "the cluster test and scripts/convert_crds.py pin different Istio versions"
    text = (Path(json.loads(done.stdout)["Dir"]) / ISTIO_CRD_FILE).read_text(encoding="utf-8")
    return list(convert.crds_in(text, tuple(source[3])))


@pytest.fixture(scope="session")
def istio_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The shared etcd + kube-apiserver with the Istio CRDs of the mesh's kinds installed and Established."""
    from kube_cluster import session_cluster

    with session_cluster() as cluster:
        crds = istio_crds()
        path = tmp_path_factory.mktemp("istio-crds") / "crds.yaml"
        path.write_text(yaml.safe_dump_all(crds), encoding="utf-8")
        cluster.kubectl("apply", "--server-side", "--field-manager", "mesh-tests", "-f", str(path), check=True)
        names = [crd["metadata"]["name"] for crd in crds]

        def established(name: str) -> bool:
            crd = cluster.client().get(f"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}").json()
            return any(c["type"] == "Established" and c["status"] == "True" for c in (crd.get("status") or {}).get("conditions") or [])

        deadline = time.monotonic() + 60
        while not all(established(name) for name in names):
            assert time.monotonic() < deadline, f"the Istio CRDs {names} are not Established after 60 s"
            time.sleep(0.2)
        yield cluster
