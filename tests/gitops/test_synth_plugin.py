"""The policy-pack cdk8s validation plugin: `cdk8s synth` fails on a violation and names the construct."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from constructs_lib import synth

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "plugins" / "policy-pack"


def _synth(tmp_path: Path, renderer: str, *extra: str) -> subprocess.CompletedProcess[str]:
    shutil.copy(Path(__file__).parent / "broken_app" / "app.py", tmp_path / "app.py")
    config = {
        "language": "python",
        "app": f"CONTROL_PANEL_POLICY_CHECK=cdk8s-plugin {sys.executable} app.py",
        "output": "dist",
        "validations": [{
            "package": str(PLUGIN), "version": "0.1.0", "class": "PolicyPackValidation",
            "properties": {"command": str(ROOT / ".venv" / "bin" / "manifest-lint")},
        }],
    }  # fmt: skip
    (tmp_path / "cdk8s.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    env = {**os.environ, "PROJECT_ROOT": str(ROOT), "RENDERER": renderer}
    return subprocess.run([str(ROOT / "scripts" / "cdk8s"), "synth", *extra], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.parametrize(("renderer", "manifest"), [("project", "demo/deployment-web.yaml"), ("cdk8s", "demo.k8s.yaml")])
def test_synth_fails_and_names_the_construct(tmp_path, renderer, manifest):
    done = _synth(tmp_path, renderer)
    out = done.stdout + done.stderr
    assert done.returncode == 2, out  # the CLI's exit code for a failed validation
    assert "Validation failed" in out
    assert "pss-privileged" in out
    assert "Construct Path: demo/web/Deployment" in out, out
    assert f"Manifest Path: dist/{manifest}" in out, out
    assert 'Deployment/demo/web container "web"' in out
    assert "policy.omnitide.dev/waive-pss-privileged" in out  # how to waive, if accepted


def test_json_report_lists_every_violation_with_its_construct(tmp_path):
    report_file = tmp_path / "report.json"
    done = _synth(tmp_path, "project", "--validation-reports-output-file", str(report_file))
    assert done.returncode == 2, done.stdout + done.stderr
    (report,) = json.loads(report_file.read_text(encoding="utf-8"))["reports"]
    assert report["summary"]["status"] == "failure"
    rules = {v["ruleName"].split(" ")[0]: v for v in report["violations"]}
    assert {"pss-privileged", "sec-read-only-root-fs", "pss-run-as-non-root"} <= set(rules)
    for violation in report["violations"]:
        assert violation["violatingConstructs"], violation
        for construct in violation["violatingConstructs"]:
            assert construct["constructPath"] == "demo/web/Deployment", violation
            assert construct["resourceName"] == "demo/deployment-web.yaml#0"
            assert construct["locations"]


def test_the_project_synth_runs_the_plugin_and_passes(tmp_path):
    report_file = tmp_path / "report.json"
    done = subprocess.run(
        [str(ROOT / "scripts" / "cdk8s"), "synth", "--output", str(tmp_path / "out"), "--validation-reports-output-file", str(report_file)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert "plugins/policy-pack@0.1.0" in out
    assert "Validations ended succesfully" in out  # (sic: the CLI's spelling)
    (report,) = json.loads(report_file.read_text(encoding="utf-8"))["reports"]
    assert report["summary"]["status"] == "success"
    assert report["summary"]["metadata"]["Findings"] == "0"
    assert int(report["summary"]["metadata"]["Manifests"]) == len(list((ROOT / "dist").rglob("*.yaml")))
    # The waived findings are logged with the construct that carries the waiver.
    assert "policy-pack: waived: probe-identical" in out
    assert "(construct staging/control-panel/Deployment/Resource)" in out
    # construct-metadata.json served the report and is gone: it never lands in a committed dist/.
    assert not (tmp_path / "out" / "construct-metadata.json").exists()


def test_render_writes_construct_metadata_as_the_cli_reads_it(tmp_path, rendered_objects):
    """The CLI (lib/plugins/validation.js) requires version 1.0.0 and reads resources[<resourceName>].path."""
    synth.write_tree(rendered_objects, tmp_path / "out", construct_metadata=True)
    metadata = json.loads((tmp_path / "out" / "construct-metadata.json").read_text(encoding="utf-8"))
    assert metadata["version"] == "1.0.0"
    assert len(metadata["resources"]) == len(rendered_objects)
    assert metadata["resources"]["staging/deployment-control-panel.yaml#0"] == {"path": "staging/control-panel/Deployment/Resource"}
    assert metadata["resources"]["argocd/application-control-panel-staging.yaml#0"] == {"path": "argocd/control-panel/Application-staging"}
    for key, value in metadata["resources"].items():
        assert (tmp_path / "out" / key.rsplit("#", 1)[0]).is_file(), key
        assert set(value) == {"path"}


def test_the_app_leaves_the_policy_pack_to_the_plugin_only_under_cdk8s_synth_with_validations():
    import main

    cases = {
        ("cdk8s-plugin", "true"): True,  # cdk8s synth with the plugin configured
        ("cdk8s-plugin", "false"): False,  # cdk8s synth --no-validate: the app checks
        (None, "true"): False,  # another validation plugin, not ours
        (None, None): False,  # python main.py
    }
    for (check, record), expected in cases.items():
        env = {k: v for k, v in {"CONTROL_PANEL_POLICY_CHECK": check, "CDK8S_RECORD_CONSTRUCT_METADATA": record}.items() if v is not None}
        with pytest.MonkeyPatch.context() as mp:
            mp.delenv("CONTROL_PANEL_POLICY_CHECK", raising=False)
            mp.delenv("CDK8S_RECORD_CONSTRUCT_METADATA", raising=False)
            for key, value in env.items():
                mp.setenv(key, value)
            assert main.policy_check_by_cdk8s_plugin() is expected, env


def test_plugin_config_in_cdk8s_yaml_is_offline_and_pinned():
    config = yaml.safe_load((ROOT / "cdk8s.yaml").read_text(encoding="utf-8"))
    (validation,) = config["validations"]
    assert validation["package"].startswith("./")  # a local path: the CLI requires it, never npm-installs it
    package = json.loads((ROOT / validation["package"] / "package.json").read_text(encoding="utf-8"))
    assert validation["version"] == package["version"]
    assert "dependencies" not in package  # nothing to install from a clean clone
    assert (ROOT / validation["package"] / package["main"]).is_file()
    assert shutil.which(validation["properties"]["command"], path=str(ROOT / ".venv" / "bin")), "make setup installs manifest-lint into .venv/bin"
    assert "CONTROL_PANEL_POLICY_CHECK=cdk8s-plugin" in config["app"]


def test_plugin_rejects_unknown_properties():
    script = (
        f"const {{PolicyPackValidation}} = require({json.dumps(str(PLUGIN))});"
        " try { new PolicyPackValidation({colour: 1}); } catch (e) { console.log(e.message); }"
    )
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "node"), "-e", script], capture_output=True, text=True, check=True)
    assert "unknown properties colour" in done.stdout
