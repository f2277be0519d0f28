"""A replicated key-value store: a StatefulSet of three members with a volume each, behind its headless Service.

python examples/stateful_store.py   # prints the manifests
"""

from __future__ import annotations

import cdk8s

from constructs_lib import ContainerPort, ExecProbe, NamespacePeer, NetworkAccess, Release, StatefulService, StatefulServiceProps, TcpProbe, VolumeClaim


def build() -> cdk8s.App:
    app = cdk8s.App()
    chart = cdk8s.Chart(app, "sessions")
    StatefulService(chart, "sessions", StatefulServiceProps(
        name="sessions",
        namespace="sessions",
        create_namespace=True,
        release=Release(image="docker.io/valkey/valkey:8.0.1", version="8.0.1"),
        args=("--cluster-enabled", "yes", "--dir", "/data"),
        ports=(ContainerPort(name="client", port=6379), ContainerPort(name="bus", port=16379)),
        claims=(VolumeClaim(name="data", size="10Gi", mount_path="/data"),),
        liveness=TcpProbe(port=6379),
        readiness=ExecProbe(command=("valkey-cli", "ping"), period_seconds=5),
        peer_ports=(6379, 16379),
        network=NetworkAccess(ingress_from=(NamespacePeer(namespace="storefront", ports=(6379,)),)),
    ))  # fmt: skip
    return app


if __name__ == "__main__":
    print(build().synth_yaml())
