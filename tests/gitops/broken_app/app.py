"""A deliberately violating cdk8s app: one Deployment whose container runs privileged.

tests/gitops/test_synth_plugin.py copies this folder into a temporary directory, writes a
cdk8s.yaml that configures the policy-pack plugin, and runs `scripts/cdk8s synth` there.
RENDERER=project renders like main.py (publish.OutputFolder, construct-metadata.json keyed
by file); RENDERER=cdk8s uses cdk8s' own App.synth (keyed by metadata.name).
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.environ["PROJECT_ROOT"])

import constructs_lib  # noqa: F401 - selects the supported Node.js before cdk8s loads


def main() -> None:
    import cdk8s
    from cdk8s_plus_30 import k8s
    from constructs import Construct

    from constructs_lib import synth
    from manifest_lint.gate import check_tree
    from publish import OutputFolder

    class Web(Construct):
        def __init__(self, scope: Construct, id: str) -> None:
            super().__init__(scope, id)
            labels = {"app": "web"}
            k8s.KubeDeployment(self, "Deployment", metadata=k8s.ObjectMeta(name="web", namespace="demo"), spec=k8s.DeploymentSpec(
                selector=k8s.LabelSelector(match_labels=labels),
                template=k8s.PodTemplateSpec(metadata=k8s.ObjectMeta(labels=labels), spec=k8s.PodSpec(containers=[
                    k8s.Container(name="web", image="nginx:1.27.3", security_context=k8s.SecurityContext(privileged=True)),
                ])),
            ))  # fmt: skip

    app = cdk8s.App(outdir=os.environ.get("CDK8S_OUTDIR", "dist"))
    Web(cdk8s.Chart(app, "demo"), "web")
    if os.environ.get("RENDERER") == "cdk8s":
        app.synth()
    else:
        # The policy pack is the plugin's job here; the app checks the schemas, as main.py does under `cdk8s synth`.
        metadata = os.environ.get("CDK8S_RECORD_CONSTRUCT_METADATA") == "true"
        with OutputFolder(app.outdir) as out:
            out.publish(synth.collect(app), lambda root: check_tree(root, policies=False, exclude=(synth.METADATA_FILE,)), construct_metadata=metadata)


if __name__ == "__main__":
    main()
