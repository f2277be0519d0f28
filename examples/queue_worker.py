"""A queue worker: no Service and no ports, exec probes, credentials from a Secret, settings from a ConfigMap.

python examples/queue_worker.py   # prints the manifests
"""

from __future__ import annotations

import cdk8s

from constructs_lib import (
    ConfigMapProps,
    EnvFrom,
    ExecProbe,
    NamespacePeer,
    NetworkAccess,
    Release,
    SecretValue,
    SettingsConfigMap,
    Worker,
    WorkerAutoscaling,
    WorkerProps,
)


def build() -> cdk8s.App:
    app = cdk8s.App()
    chart = cdk8s.Chart(app, "billing")
    SettingsConfigMap(chart, "Settings", ConfigMapProps(name="billing-worker-settings", namespace="billing", data={"QUEUE": "invoices", "BATCH_SIZE": "50"}))
    Worker(chart, "billing-worker", WorkerProps(
        name="billing-worker",
        namespace="billing",
        release=Release(image="ghcr.io/acme/billing-worker:1.8.4", version="1.8.4"),
        command=("/app/worker",),
        args=("--queue", "$(QUEUE)"),
        env={"BROKER_PASSWORD": SecretValue(secret="billing-broker", key="password")},
        env_from=(EnvFrom(config_map="billing-worker-settings"),),
        liveness=ExecProbe(command=("/app/worker", "health", "--live"), period_seconds=30, timeout_seconds=5),
        readiness=ExecProbe(command=("/app/worker", "health", "--ready"), period_seconds=15, timeout_seconds=5),
        autoscale=WorkerAutoscaling(min_replicas=2, max_replicas=8),
        network=NetworkAccess(egress_to=(NamespacePeer(namespace="rabbitmq", ports=(5672,)),)),
    ))  # fmt: skip
    return app


if __name__ == "__main__":
    print(build().synth_yaml())
