"""The render under abuse: nothing it did not create is ever deleted or replaced, and no failure loses dist/.

Each test names the case of the nothing-lost issue it covers. The render runs as a user
runs it (`python main.py`, `scripts/cdk8s synth`) into folders below ``tmp_path``; the
real checkout is never the target of a destructive case (a stand-in with a .git folder is).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import publish

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
ENVIRONMENTS = (ROOT / "environments.yaml").read_text(encoding="utf-8")


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _main(env: dict[str, str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py")], cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture
def rendered(tmp_path: Path) -> Path:
    """A good render in tmp_path/out (which also keeps its last good copy in tmp_path/.cache)."""
    out = tmp_path / "out"
    done = _main({"CDK8S_OUTDIR": str(out)})
    assert done.returncode == 0, done.stderr
    return out


def test_empty_output_path_is_refused_and_the_current_folder_untouched(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    done = _main({"CDK8S_OUTDIR": ""}, cwd=tmp_path)
    assert done.returncode == 1
    assert "empty path" in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "notes.txt"]


@pytest.mark.parametrize("target", ["a checkout", "a folder of user files"])
def test_a_folder_that_is_not_a_render_is_refused(tmp_path: Path, target: str) -> None:
    folder = tmp_path / "folder"
    (folder / "src").mkdir(parents=True)
    (folder / "src" / "app.py").write_text("print('mine')\n", encoding="utf-8")
    if target == "a checkout":
        (folder / ".git").mkdir()
        (folder / "uncommitted.txt").write_text("work in progress", encoding="utf-8")
    before = _tree(folder)
    done = _main({"CDK8S_OUTDIR": str(folder)})
    assert done.returncode == 1
    assert "holds files that no render wrote" in done.stderr
    assert _tree(folder) == before


def test_the_render_marks_its_output(rendered: Path) -> None:
    assert (rendered / publish.MARKER).read_text(encoding="utf-8") == publish.MARKER_TEXT
    assert (DIST / publish.MARKER).is_file()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  min_replicas: 2\n", "  min_replicas: two\n"),  # refused by environments.yaml's schema
        ("  host: control.omnitide.dev\n", "  host: Control.Omnitide.dev\n"),  # refused by the construct's props
        ("staging:\n", "staging:\n  namespace: twice\n"),  # a duplicated key
    ],
)
def test_cdk8s_synth_with_a_bad_value_leaves_the_output_as_it_was(rendered: Path, tmp_path: Path, old: str, new: str) -> None:
    before = _tree(rendered)
    bad = tmp_path / "environments.yaml"
    bad.write_text(ENVIRONMENTS.replace(old, new, 1), encoding="utf-8")
    done = subprocess.run(
        [str(ROOT / "scripts" / "cdk8s"), "synth", "--output", str(rendered)],
        cwd=ROOT, env={**os.environ, "CONTROL_PANEL_ENVIRONMENTS": str(bad)}, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "render failed" in done.stdout + done.stderr
    assert _tree(rendered) == before  # cdk8s deleted it; the app put the last good render back before anything failed


def test_a_kill_between_the_renames_is_recovered_from_the_newest_render(rendered: Path, tmp_path: Path) -> None:
    good = _tree(rendered)
    stale = tmp_path / ".out.previous-99999"  # an older render, left by an earlier killed run: a higher pid as text
    shutil.copytree(rendered, stale)
    (stale / "staging" / "configmap-control-panel-config.yaml").write_text("# stale\n", encoding="utf-8")
    os.utime(stale / publish.MARKER, (1, 1))
    newest = tmp_path / ".out.previous-12345"
    rendered.rename(newest)  # killed right after setting the last render aside
    shutil.rmtree(tmp_path / ".cache")
    staging = tmp_path / ".out.staging-4242"
    staging.mkdir()
    (staging / publish.MARKER).write_text(publish.MARKER_TEXT, encoding="utf-8")
    with publish.OutputFolder(rendered):
        assert _tree(rendered) == good
    assert not [p for p in tmp_path.glob(".out.*") if p.is_dir()]  # every leftover of the killed runs is gone


def test_lint_temp_folders_of_killed_runs_are_removed(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True).stdout.strip()
    leftover = temp / f"manifest-lint-{dead}-abc123"
    (leftover / "docs").mkdir(parents=True)
    mine = temp / "someone-elses-folder"
    mine.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "manifest_lint", "--profile", "baseline", str(DIST / "staging")],
        env={**os.environ, "TMPDIR": str(temp)}, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in temp.iterdir()) == ["someone-elses-folder"]


def test_a_second_render_at_once_is_told_to_wait(rendered: Path) -> None:
    before = _tree(rendered)
    with publish.OutputFolder(rendered):
        done = _main({"CDK8S_OUTDIR": str(rendered)})
    assert done.returncode == 1
    assert "another render into" in done.stderr and "is running" in done.stderr
    assert "Traceback" not in done.stderr
    assert _tree(rendered) == before


def test_two_renders_at_once_both_end_cleanly(rendered: Path) -> None:
    procs = [
        subprocess.Popen([sys.executable, str(ROOT / "main.py")], cwd=ROOT, env={**os.environ, "CDK8S_OUTDIR": str(rendered)},
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]  # fmt: skip
    results = [(p.wait(timeout=300), p.communicate()[1]) for p in procs]
    assert sorted(code for code, _ in results) in ([0, 0], [0, 1])
    for code, err in results:
        assert "Traceback" not in err
        if code == 1:
            assert "another render into" in err
    assert _tree(rendered) == _tree(DIST)


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_mid_render_keeps_the_previous_render(rendered: Path, tmp_path: Path, sig: signal.Signals, code: int) -> None:
    before = _tree(rendered)
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py")], cwd=ROOT, env={**os.environ, "CDK8S_OUTDIR": str(rendered)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".out.staging-*")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)  # wait until the render is writing its staging folder
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode in (code, 0), err  # 0: the render finished before the signal arrived
    assert "Traceback" not in err
    assert _tree(rendered) == before
    assert not [p for p in tmp_path.glob(".out.*") if p.is_dir()]


def test_a_render_without_conftest_fails_cleanly_and_keeps_the_output(rendered: Path) -> None:
    """The gate cannot run the policy pack (a wrong $CONFTEST): the render fails naming it, without a traceback, and the output stays."""
    before = _tree(rendered)
    done = _main({"CDK8S_OUTDIR": str(rendered), "CONFTEST": "/nonexistent/conftest"})
    assert done.returncode == 1, done.stderr
    assert "render failed" in done.stderr
    assert "the policy pack cannot run: $CONFTEST /nonexistent/conftest: not an executable file" in done.stderr
    assert "Traceback" not in done.stderr
    assert _tree(rendered) == before
