"""A public web app on two hosts, on tainted nodes, scraped by the Prometheus Operator.

python examples/public_web_app.py   # prints the manifests
"""

from __future__ import annotations

import cdk8s

from constructs_lib import (
    HttpProbe,
    IngressSettings,
    NamespacePeer,
    NetworkAccess,
    PodSettings,
    Release,
    Toleration,
    WebService,
    WebServiceProps,
)


def build() -> cdk8s.App:
    app = cdk8s.App()
    chart = cdk8s.Chart(app, "storefront")
    WebService(chart, "storefront", WebServiceProps(
        name="storefront",
        namespace="storefront",
        release=Release(image="ghcr.io/acme/storefront:5.0.2", version="5.0.2"),
        http_port=8080,
        metrics_port=9090,
        service_monitor=True,
        liveness=HttpProbe(path="/livez", port=8080),
        readiness=HttpProbe(path="/readyz", port=8080, period_seconds=5),
        min_replicas=3,
        max_replicas=12,
        ingress=IngressSettings(
            host="shop.acme.example", additional_hosts=("www.acme.example",), tls_secret="storefront-tls",
            cluster_issuer="letsencrypt-prod", annotations={"nginx.ingress.kubernetes.io/proxy-body-size": "8m"},
        ),
        pod=PodSettings(
            tolerations=(Toleration(key="dedicated", value="web", effect="NoSchedule"),),
            node_selector={"node.acme.example/pool": "web"},
            annotations={"fluentbit.io/parser": "json"},
        ),
        network=NetworkAccess(ingress_from=(
            NamespacePeer(namespace="ingress-nginx", ports=(8080,)), NamespacePeer(namespace="monitoring", ports=(9090,)),
        )),
    ))  # fmt: skip
    return app


if __name__ == "__main__":
    print(build().synth_yaml())
