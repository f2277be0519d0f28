"""A nightly report: a CronJob at 03:00 Berlin time that never overlaps and gives up if it cannot start by 03:10.

python examples/nightly_cronjob.py   # prints the manifests
"""

from __future__ import annotations

import cdk8s

from constructs_lib import NamespacePeer, NetworkAccess, Release, ScheduledJob, ScheduledJobProps, SecretValue


def build() -> cdk8s.App:
    app = cdk8s.App()
    chart = cdk8s.Chart(app, "reports")
    ScheduledJob(chart, "nightly-report", ScheduledJobProps(
        name="nightly-report",
        namespace="reports",
        create_namespace=True,
        release=Release(image="ghcr.io/acme/reports:2024.11.3", version="2024.11.3"),
        schedule="0 3 * * *",
        time_zone="Europe/Berlin",
        command=("/app/report", "--yesterday"),
        env={"SMTP_PASSWORD": SecretValue(secret="reports-smtp", key="password")},
        active_deadline_seconds=1800,
        network=NetworkAccess(egress_to=(NamespacePeer(namespace="warehouse", ports=(5432,)),), allow_https=True),
    ))  # fmt: skip
    return app


if __name__ == "__main__":
    print(build().synth_yaml())
