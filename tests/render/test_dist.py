"""dist/ is what a fresh render gives, byte for byte, and everything in it would apply cleanly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import main
import publish
from constructs_lib import synth
from manifest_lint import schemas
from manifest_lint.gate import check_tree

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != synth.METADATA_FILE}


def test_dist_matches_a_fresh_render(rendered_objects, tmp_path, dist_files):
    synth.write_tree(rendered_objects, tmp_path / "out", header=main.HEADER)
    fresh = _tree(tmp_path / "out")
    stale = sorted(set(fresh) ^ set(dist_files)) + sorted(k for k in fresh if k in dist_files and fresh[k] != dist_files[k])
    assert not stale, f"dist/ differs from a fresh render in {stale}: run `make render` and commit dist/"


def test_render_is_byte_identical_across_renders(rendered_objects, tmp_path):
    import environments

    synth.write_tree(rendered_objects, tmp_path / "a", header=main.HEADER)
    synth.write_tree(synth.collect(main.build_app(environments.load())), tmp_path / "b", header=main.HEADER)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_one_readable_file_per_object(dist_files):
    assert sorted({path.split("/")[0] for path in dist_files}) == ["argocd", "gatekeeper", "production", "staging"]  # GitOps chart, admission
    for path, data in dist_files.items():
        docs = list(yaml.safe_load_all(data))
        assert len(docs) == 1, path
        doc = docs[0]
        assert path.split("/")[1] == f"{doc['kind'].lower()}-{doc['metadata']['name']}.yaml"
        assert "cdk8s.io/metadata.addr" not in data.decode()


def test_schemas_cover_1_30_to_the_newest():
    assert schemas.SUPPORTED_VERSIONS[0] == "1.30"
    assert len(schemas.SUPPORTED_VERSIONS) >= 8  # 1.30 .. 1.37 with kubernetes-validate 1.37


@pytest.mark.parametrize("version", schemas.SUPPORTED_VERSIONS)
def test_dist_is_strictly_schema_valid(dist_files, version):
    for path, data in dist_files.items():
        doc = yaml.safe_load(data)
        assert schemas.validate_document(doc, version, require_schema=True) == [], path


def test_strict_schema_rejects_unknown_fields():
    doc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a", "colour": "red"}, "spec": {"ports": [{"port": 80}]}}
    assert any("colour" in e for e in schemas.validate_document(doc, schemas.LATEST_VERSION))


def test_dist_passes_the_policy_pack():
    assert check_tree(DIST) == []


def _run_main(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # The venv's python without activating the venv, as a user (or the pre-stop hook) runs it.
    return subprocess.run([sys.executable, "main.py"], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=300, check=False)


def test_python_main_renders_and_validates_the_same_tree(tmp_path):
    done = _run_main({"CDK8S_OUTDIR": str(tmp_path / "out"), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert "end-of-life" not in (done.stdout + done.stderr).lower()
    assert _tree(tmp_path / "out") == _tree(DIST)


def test_cdk8s_synth_gives_the_same_tree(tmp_path):
    out = tmp_path / "synth"
    done = subprocess.run([str(ROOT / "scripts" / "cdk8s"), "synth", "--output", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "end-of-life" not in (done.stdout + done.stderr).lower()
    assert "new version" not in (done.stdout + done.stderr).lower()  # the upgrade check is off
    assert _tree(out) == _tree(DIST)


def test_bad_configuration_fails_cleanly_and_leaves_output_untouched(tmp_path):
    out = tmp_path / "out"
    shutil.copytree(DIST, out)
    before = _tree(out)
    bad = tmp_path / "environments.yaml"
    text = (ROOT / "environments.yaml").read_text().replace("min_replicas: 3", "min_replicas: 2")
    text = text.replace("  host: control.omnitide.dev", "  host: Control.Omnitide.dev")
    bad.write_text(text)
    done = _run_main({"CDK8S_OUTDIR": str(out), "CONTROL_PANEL_ENVIRONMENTS": str(bad)})
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "production.pdb_min_available: 2:" in done.stderr and "min_replicas=2" in done.stderr
    assert "production.host: 'Control.Omnitide.dev':" in done.stderr
    assert _tree(out) == before


def test_failed_validation_leaves_output_untouched(rendered_objects, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(DIST, out)
    before = _tree(out)
    with pytest.raises(publish.RenderError, match="validation failed"), publish.OutputFolder(out) as folder:
        folder.publish(rendered_objects, lambda _root: ["staging/x.yaml: broken"], header=main.HEADER)
    assert _tree(out) == before
    assert not [p for p in tmp_path.glob(".out.*") if p.is_dir()]  # no staging or backup folder left behind


def test_interrupted_render_leaves_output_whole(rendered_objects, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(DIST, out)
    before = _tree(out)

    def interrupted(_root: Path) -> list[str]:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), publish.OutputFolder(out) as folder:
        folder.publish(rendered_objects, interrupted, header=main.HEADER)
    assert _tree(out) == before
    # Killed between the two renames: the next render puts the previous tree back first.
    out.rename(tmp_path / ".out.previous-123")
    with publish.OutputFolder(out):
        assert _tree(out) == before


def test_output_deleted_by_the_cdk8s_cli_is_restored_after_a_failure(rendered_objects, tmp_path):
    out = tmp_path / "out"
    with publish.OutputFolder(out) as folder:
        folder.publish(rendered_objects, lambda _root: [], header=main.HEADER)
    good = _tree(out)
    shutil.rmtree(out)  # what `cdk8s synth` does before it runs the app
    with pytest.raises(publish.RenderError), publish.OutputFolder(out) as folder:
        folder.publish(rendered_objects, lambda _root: ["broken"], header=main.HEADER)
    assert _tree(out) == good


def test_validation_reports_policy_findings_and_unknown_kinds(tmp_path):
    from manifest_lint.gate import check_tree

    tree = tmp_path / "tree"
    shutil.copytree(DIST / "staging", tree / "staging")
    deployment = tree / "staging" / "deployment-control-panel.yaml"
    doc = yaml.safe_load(deployment.read_text())
    doc["spec"]["template"]["spec"]["containers"][0]["securityContext"]["privileged"] = True
    deployment.write_text(yaml.safe_dump(doc))
    (tree / "staging" / "widget-x.yaml").write_text("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: x, namespace: staging}\n")
    problems = check_tree(tree)
    assert any("pss-privileged" in p and "deployment-control-panel.yaml" in p for p in problems), problems
    assert any("Widget has no schema in Kubernetes 1.30" in p for p in problems), problems
