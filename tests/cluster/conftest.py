"""Fixtures of the real-cluster tests: a Kubernetes API server (with etcd) started for the session.

The binaries are built by `make cluster-setup`; when one is missing the tests fail and say so
(they are never skipped). See kube_cluster.py for what runs and how it is stopped.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from kube_cluster import Cluster, ClusterError, session_cluster


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    """etcd + kube-apiserver on 127.0.0.1 (PodSecurity admission on), stopped and removed at the end."""
    with session_cluster() as started:
        yield started


@pytest.fixture(scope="module")
def running_cluster(cluster: Cluster) -> Iterator[Cluster]:
    """The cluster with the controller manager, the scheduler and kwok's fake nodes (three, two
    zones), for one test module: they are stopped after it (the rest of a session does not pay
    for them)."""
    try:
        try:
            cluster.fake_nodes()
        except ClusterError as error:
            pytest.fail(str(error), pytrace=False)
        yield cluster
    finally:
        cluster.stop_fake_nodes()
