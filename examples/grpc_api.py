"""A gRPC API with a native sidecar (a database proxy), a plain sidecar (a telemetry agent), a
migration init container and a database password from a Secret.

    python examples/grpc_api.py   # prints the manifests
"""

from __future__ import annotations

import cdk8s

from constructs_lib import (
    ContainerPort,
    ContainerSpec,
    GrpcProbe,
    HttpProbe,
    NamespacePeer,
    NetworkAccess,
    PodSettings,
    Release,
    Resources,
    SecretValue,
    TcpProbe,
    WebService,
    WebServiceProps,
)

IMAGE = "ghcr.io/acme/orders:3.2.0"
DATABASE = {"DB_HOST": "127.0.0.1", "DB_USER": "orders", "DB_PASSWORD": SecretValue(secret="orders-db", key="password")}
SMALL = Resources(cpu_request="50m", cpu_limit="200m", memory_request="64Mi", memory_limit="128Mi")


def build() -> cdk8s.App:
    app = cdk8s.App()
    chart = cdk8s.Chart(app, "orders")
    WebService(chart, "orders", WebServiceProps(
        name="orders",
        namespace="orders",
        release=Release(image=IMAGE, version="3.2.0"),
        component="api",
        http_port=9000,
        liveness=GrpcProbe(port=9000),
        readiness=GrpcProbe(port=9000, service="acme.orders.v1.Orders", period_seconds=5),
        env=DATABASE,
        pod=PodSettings(
            init_containers=(
                ContainerSpec(name="migrate", image=IMAGE, command=("/app/orders", "migrate"), env=DATABASE, resources=SMALL),
                ContainerSpec(  # native sidecar: starts first, runs beside the API, stops after it
                    name="db-proxy", image="gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1", restart_always=True,
                    args=("--port=5432", "acme-prod:europe-west1:orders"), ports=(ContainerPort(name="postgres", port=5432),),
                    startup=TcpProbe(port=5432), resources=SMALL,
                ),
            ),
            sidecars=(
                ContainerSpec(
                    name="otel-agent", image="otel/opentelemetry-collector:0.115.0",
                    ports=(ContainerPort(name="otlp", port=4317), ContainerPort(name="health", port=13133)),
                    liveness=HttpProbe(path="/", port=13133), readiness=TcpProbe(port=4317, period_seconds=5), resources=SMALL,
                ),
            ),
        ),
        service_account_annotations={"iam.gke.io/gcp-service-account": "orders@acme-prod.iam.gserviceaccount.com"},
        network=NetworkAccess(ingress_from=(NamespacePeer(namespace="gateway", ports=(9000,)),), allow_https=True),
    ))  # fmt: skip
    return app


if __name__ == "__main__":
    print(build().synth_yaml())
