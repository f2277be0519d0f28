"""The packages as a user installs them: `pip install <checkout>` into a fresh venv outside the checkout.

One fresh venv is built for the module (a copy of the checkout's files, so nothing is built
inside the checkout), and every check runs from a folder outside the checkout with an
environment that carries nothing of ours (no PYTHONPATH, no JSII_NODE, the machine's Node.js
first on PATH).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFTEST = ROOT / ".tools" / "bin" / "conftest"
PRIVILEGED_POD = """\
apiVersion: v1
kind: Pod
metadata: {name: root, namespace: demo}
spec:
  containers:
    - {name: app, image: "nginx:1.27.3", securityContext: {privileged: true}}
"""
SCRIPT = """\
{first}
app = cdk8s.App()
chart = cdk8s.Chart(app, "shop")
WebService(chart, "shop", WebServiceProps(name="shop", namespace="shop", release=Release(image="ghcr.io/acme/shop:2.4.1", version="2.4.1")))
print(app.synth_yaml())
"""
IMPORT_ORDERS = {
    "constructs_lib first": "from constructs_lib import Release, WebService, WebServiceProps\nimport cdk8s",
    "cdk8s first": "import cdk8s\nfrom constructs_lib import Release, WebService, WebServiceProps",
}
NODE_BANNER_WORDS = ("end-of-life", "node v20", "not supported", "upgrade to a supported node")


def _user_env(venv: Path) -> dict[str, str]:
    """A user's shell: the venv's bin and the machine's PATH (Node 20 on it), nothing of this checkout."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "JSII_NODE", "CONFTEST", "VIRTUAL_ENV"}}
    machine_path = [p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(ROOT))]
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *machine_path])
    return env


def _copy_checkout(target: Path) -> None:
    listed = subprocess.run([shutil.which("git") or "git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("install")
    source, venv = base / "source", base / "v"
    _copy_checkout(source)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    done = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", str(source)],
        capture_output=True, text=True, env=_user_env(venv), timeout=900, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return venv


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working folder outside the checkout."""
    assert ROOT not in tmp_path.parents
    return tmp_path


def _run(venv: Path, args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env={**_user_env(venv), **env}, capture_output=True, text=True, timeout=300, check=False)


def test_version_names_the_package_and_conftest(venv: Path, elsewhere: Path) -> None:
    done = _run(venv, ["manifest-lint", "--version"], elsewhere, CONFTEST=str(CONFTEST))
    assert done.returncode == 0, done.stderr
    from manifest_lint import __version__

    assert f"manifest-lint {__version__}" in done.stdout
    assert "conftest 0.69.0" in done.stdout


def test_privileged_pod_exits_1_with_the_finding(venv: Path, elsewhere: Path) -> None:
    (elsewhere / "pod.yaml").write_text(PRIVILEGED_POD, encoding="utf-8")
    done = _run(venv, ["manifest-lint", "--output", "json", "pod.yaml"], elsewhere, CONFTEST=str(CONFTEST))
    assert done.returncode == 1, done.stderr
    assert "pss-privileged" in {f["rule_id"] for f in json.loads(done.stdout)}
    module = _run(venv, ["python", "-m", "manifest_lint", "--profile", "baseline", "pod.yaml"], elsewhere, CONFTEST=str(CONFTEST))
    assert module.returncode == 1, module.stderr


def test_dist_is_clean(venv: Path, elsewhere: Path) -> None:
    done = _run(venv, ["manifest-lint", str(ROOT / "dist")], elsewhere, CONFTEST=str(CONFTEST))
    assert done.returncode == 0, done.stdout + done.stderr
    assert " 0 failed" in done.stdout


def test_missing_conftest_says_how_to_install_it_and_exits_2(venv: Path, elsewhere: Path) -> None:
    (elsewhere / "pod.yaml").write_text(PRIVILEGED_POD, encoding="utf-8")
    env = _user_env(venv)
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if not (Path(p) / "conftest").exists())
    done = subprocess.run([str(venv / "bin" / "manifest-lint"), "pod.yaml"], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert "go install github.com/open-policy-agent/conftest@v0.69.0" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("order", IMPORT_ORDERS)
def test_constructs_synthesize_without_a_node_banner(venv: Path, elsewhere: Path, order: str) -> None:
    """The venv's Python run by path, venv not activated: the machine's Node 20 is the `node` on PATH."""
    (elsewhere / "shop.py").write_text(SCRIPT.format(first=IMPORT_ORDERS[order]), encoding="utf-8")
    env = _user_env(venv)
    env["PATH"] = os.pathsep.join(env["PATH"].split(os.pathsep)[1:])
    done = subprocess.run([str(venv / "bin" / "python"), "shop.py"], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "kind: Deployment" in done.stdout
    assert "readOnlyRootFilesystem: true" in done.stdout
    for word in NODE_BANNER_WORDS:
        assert word not in done.stderr.lower() and word not in done.stdout.split("apiVersion")[0].lower(), (word, done.stderr)


def test_package_data_is_installed(venv: Path, elsewhere: Path) -> None:
    code = (
        "import manifest_lint.package_data as d, pathlib;"
        "print(len(list(d.POLICIES_DIR.rglob('*.rego'))), len(list(d.CRD_SCHEMA_DIR.glob('*.json'))), d.POLICIES_DIR)"
    )
    done = _run(venv, ["python", "-c", code], elsewhere)
    assert done.returncode == 0, done.stderr
    rego, crds, where = done.stdout.split()
    assert int(rego) == len(list((ROOT / "manifest_lint" / "policies").rglob("*.rego")))
    assert int(crds) == len(list((ROOT / "manifest_lint" / "schemas" / "crds").glob("*.json")))
    assert str(venv) in where
    for name in ("constructs_lib/py.typed", "manifest_lint/py.typed"):
        assert list(venv.glob(f"lib/python3*/site-packages/{name}")), name
