"""The GitHub workflows and the pre-commit configuration: linted, pinned, and pointing at real commands."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = ROOT / ".tools" / "bin" / "actionlint"
DOCS = ROOT / "docs" / "gitops.md"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _runs(workflow: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in _steps(workflow))


def test_actionlint_accepts_every_workflow():
    if not ACTIONLINT.is_file():
        pytest.fail(f"{ACTIONLINT} is missing: run `make setup` (tools/go/go.mod pins actionlint)")
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert files
    done = subprocess.run([str(ACTIONLINT), "-color=false", *files], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    """The check above is a real one: a wrong expression and an unknown input are reported."""
    if not ACTIONLINT.is_file():
        pytest.fail(f"{ACTIONLINT} is missing: run `make setup`")
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.nope.x }}\n", encoding="utf-8")
    done = subprocess.run([str(ACTIONLINT), "-color=false", str(bad)], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "nope" in done.stdout


@pytest.mark.parametrize("name", ["ci.yml", "rendered-manifests.yml"])
def test_every_action_is_pinned_by_commit_sha_with_a_version_comment(name):
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    uses = re.findall(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", text, flags=re.MULTILINE)
    assert uses
    for ref, rest in uses:
        assert PINNED.match(ref), f"{name}: {ref} is not pinned by a full commit SHA"
        assert re.search(r"#\s*v\d+\.\d+\.\d+", rest), f"{name}: {ref} has no '# vX.Y.Z' comment"


def test_ci_runs_the_quality_gates():
    ci = _load(WORKFLOWS / "ci.yml")
    assert {"push", "pull_request"} <= set(ci["on"])
    assert ci["permissions"] == {"contents": "read"}
    runs = _runs(ci)
    for command in ("make setup", "make test", "make render", "git diff --exit-code -- dist/", "scripts/cdk8s synth",
                    ".venv/bin/manifest-lint dist --output sarif", ".venv/bin/manifest-lint dist --output junit"):  # fmt: skip
        assert command in runs, command
    uses = {step.get("uses", "").split("@")[0] for step in _steps(ci)}
    assert {"github/codeql-action/upload-sarif", "actions/upload-artifact"} <= uses
    (job,) = ci["jobs"].values()
    assert job["permissions"]["security-events"] == "write"


def test_ci_commands_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("setup", "test", "render"):
        assert re.search(rf"^{target}:", makefile, flags=re.MULTILINE), target
    assert (ROOT / "scripts" / "cdk8s").is_file()
    done = subprocess.run([sys.executable, "-m", "manifest_lint", "--help"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "sarif" in done.stdout
    assert "junit" in done.stdout


def test_reusable_workflow_inputs_and_the_documented_caller():
    reusable = _load(WORKFLOWS / "rendered-manifests.yml")
    inputs = reusable["on"]["workflow_call"]["inputs"]
    assert {"manifests-path", "render-command", "policy-pack-ref"} <= set(inputs)
    for name, spec in inputs.items():
        assert spec.get("description"), name
        assert "default" in spec, f"{name}: a caller should need only the inputs it changes"
    # The caller snippet of docs/gitops.md uses this workflow with inputs it declares.
    snippets = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.DOTALL)]
    callers = [job for s in snippets if isinstance(s, dict) for job in s.get("jobs", {}).values() if "rendered-manifests.yml@" in str(job.get("uses", ""))]
    assert callers, "docs/gitops.md shows no caller of rendered-manifests.yml"
    for job in callers:
        assert set(job.get("with", {})) <= set(inputs)
        assert job["permissions"]["security-events"] == "write"


def test_pre_commit_config_is_local_and_its_hooks_run_real_commands():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert set(config) <= {"repos", "default_stages", "default_language_version", "exclude", "fail_fast", "files", "minimum_pre_commit_version", "ci"}
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    hook_keys = {"id", "name", "entry", "language", "files", "exclude", "types", "types_or", "pass_filenames", "always_run", "stages", "description", "args"}
    ids = [hook["id"] for hook in repo["hooks"]]
    assert ids == ["render-and-validate", "policy-pack"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for hook in repo["hooks"]:
        assert set(hook) <= hook_keys, set(hook) - hook_keys
        assert hook["language"] == "system"
        assert hook["pass_filenames"] is False
        files = re.compile(hook["files"])
        assert files.search("dist/staging/deployment-control-panel.yaml")
        assert files.search("constructs_lib/workload.py")
        argv = shlex.split(hook["entry"])
        if argv[0] == "make":
            assert shutil.which("make")
            assert re.search(rf"^{argv[1]}:", makefile, flags=re.MULTILINE)
        else:
            assert (ROOT / argv[0]).is_file(), argv[0]
    lint = shlex.split(next(h["entry"] for h in repo["hooks"] if h["id"] == "policy-pack"))
    done = subprocess.run([str(ROOT / lint[0]), *lint[1:]], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
