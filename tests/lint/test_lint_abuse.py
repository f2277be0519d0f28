"""The linter under abuse: every bad input is a clear message or a finding, never a traceback or silence.

Each test names the case of the nothing-lost issue it covers. Exit codes: 0 clean, 1
unwaived findings, 2 bad input or usage, 130/143 on SIGINT/SIGTERM.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from manifest_lint import cli

ROOT = Path(__file__).resolve().parents[2]
CLEAN = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop, labels: {app.kubernetes.io/name: shop}}
data: {LOG_LEVEL: info}
"""


def _lint(*args: str, stdin: str | None = None, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "manifest_lint", *args], input=stdin, cwd=cwd, env={**os.environ, **(env or {})},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def _ids(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [f["rule_id"] for f in json.loads(done.stdout)]


@pytest.mark.parametrize("value", ["5", "yes", "1.5", "[a]", "{a: b}"])
def test_a_non_string_name_is_a_finding_and_other_files_are_still_reported(tmp_path: Path, value: str) -> None:
    (tmp_path / "a.yaml").write_text(CLEAN.replace("name: settings", f"name: {value}"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        CLEAN.replace("kind: ConfigMap", "kind: Pod").replace(
            "data: {LOG_LEVEL: info}", "spec: {containers: [{name: c, image: 'nginx:1', securityContext: {privileged: true}}]}"
        ),
        encoding="utf-8",
    )
    done = _lint("--output", "json", str(tmp_path))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    ids = _ids(done)
    assert "object-name" in ids and "pss-privileged" in ids


def test_a_non_string_namespace_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(CLEAN.replace("namespace: shop", "namespace: 7"), encoding="utf-8")
    done = _lint("--output", "json", "--profile", "baseline", str(tmp_path))
    assert done.returncode == 1, done.stderr
    assert "object-name" in _ids(done)


def _moderate_alias_document(i: int) -> str:
    """About 400 bytes that expand to some 100,000 nodes: under the per-document limit."""
    lines = [f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}}}\nx0: &a{i}0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"]
    for level in range(1, 5):
        lines.append(f"x{level}: &a{i}{level} [" + ", ".join([f"*a{i}{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_alias_expansion_is_limited_per_run_and_memory_stays_under_1_gb(tmp_path: Path) -> None:
    (tmp_path / "many.yaml").write_text("---\n".join(_moderate_alias_document(i) for i in range(50)), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = _lint("--profile", "baseline", str(tmp_path))
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert done.returncode == 2
    assert "many.yaml" in done.stderr and "the run's limit" in done.stderr and "alias nodes" in done.stderr
    assert max(peak_kb, before) < 1024 * 1024, f"peak RSS of a child {peak_kb} KB"


def test_total_input_bytes_are_limited_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from manifest_lint import loader

    monkeypatch.setattr(loader, "MAX_RUN_BYTES", 3000)  # read when the run starts
    for i in range(4):
        (tmp_path / f"f{i}.yaml").write_text(CLEAN.replace("settings", f"s{i}") + "#" * 1000 + "\n", encoding="utf-8")
    code = cli.main([str(tmp_path), "--profile", "baseline"])
    err = capsys.readouterr().err
    assert code == 2
    assert "f3.yaml" in err and "the run's limit of 3,000 bytes" in err


def test_an_alias_bomb_in_environments_yaml_is_a_short_error(tmp_path: Path) -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]\n" for prev, name in zip("abcdef", "bcdefg", strict=True)
    )
    (tmp_path / "environments.yaml").write_text(bomb, encoding="utf-8")
    env = {**os.environ, "CONTROL_PANEL_ENVIRONMENTS": str(tmp_path / "environments.yaml"), "CDK8S_OUTDIR": str(tmp_path / "out")}
    done = subprocess.run([sys.executable, str(ROOT / "main.py")], env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 1
    assert "alias" in done.stderr and len(done.stderr) < 2000


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("allowed_registrys: [ghcr.io/acme/]\n", "allowed_registrys: unknown setting (allowed: allowed_registries,"),
        ("min_uid: '1000'\n", "min_uid: '1000': must be an integer"),
        ("kube_version: 1.30\n", "kube_version: 1.3: must be a quoted minor version"),
        ("require_image_digest: 'yes'\n", "require_image_digest: 'yes': must be true or false"),
        ("max_resources: {cpu: 4, gpu: '1'}\n", "max_resources.gpu: unknown setting"),
        ("a: 1\na: 2\n", "duplicate key 'a'"),
    ],
)
def test_config_is_checked(tmp_path: Path, config: str, expected: str) -> None:
    (tmp_path / "lint.yaml").write_text(config, encoding="utf-8")
    done = _lint("--config", str(tmp_path / "lint.yaml"), str(ROOT / "dist" / "staging"))
    assert done.returncode == 2
    assert expected in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_kinds_and_nameless_objects_are_findings(tmp_path: Path) -> None:
    (tmp_path / "typo.yaml").write_text(CLEAN.replace("kind: ConfigMap", "kind: Deploymnet").replace("apiVersion: v1", "apiVersion: apps/v1"), encoding="utf-8")
    (tmp_path / "nameless.yaml").write_text(CLEAN.replace("name: settings, ", ""), encoding="utf-8")
    done = _lint("--output", "json", "--profile", "baseline", str(tmp_path))
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)
    typo = next(f for f in findings if f["rule_id"] == "unknown-kind")
    assert "did you mean apps/v1 Deployment?" in typo["message"]
    assert any(f["rule_id"] == "object-name" and f["file"].endswith("nameless.yaml") for f in findings)
    table = _lint(str(tmp_path))
    assert "1 object no schema could check (Deploymnet (1))" in table.stdout


def test_a_custom_resource_with_its_crd_in_the_input_is_validated(tmp_path: Path) -> None:
    crd = {
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "widgets.example.com"},
        "spec": {"group": "example.com", "names": {"kind": "Widget", "plural": "widgets"}, "scope": "Namespaced", "versions": [{
            "name": "v1", "served": True, "storage": True,
            "schema": {"openAPIV3Schema": {"type": "object", "properties": {"spec": {"type": "object", "properties": {"size": {"type": "integer"}}}}}},
        }]},
    }  # fmt: skip
    widget = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w", "namespace": "shop"}, "spec": {"size": "big", "colour": "red"}}
    (tmp_path / "crd.json").write_text(json.dumps(crd), encoding="utf-8")
    (tmp_path / "widget.json").write_text(json.dumps(widget), encoding="utf-8")
    done = _lint("--output", "json", "--kube-version", "1.33", str(tmp_path))
    messages = [f["message"] for f in json.loads(done.stdout) if f["kind"] == "Widget"]
    assert any("spec.size: 'big' is not of type 'integer'" in m for m in messages), messages
    assert any("'colour' was unexpected" in m for m in messages), messages
    assert not any("unknown-kind" in m for m in messages)


def _busy_corpus(folder: Path, count: int = 3000) -> None:
    folder.mkdir()
    docs = [CLEAN.replace("name: settings", f"name: c{i}") for i in range(count)]
    for part in range(10):
        (folder / f"part-{part}.yaml").write_text("---\n".join(docs[part::10]), encoding="utf-8")


def _children_of(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"\nPPid:\t{pid}\n" in text:
            found.append(int(status.parent.name))
    return found


def _running(pid: int) -> bool:
    """Whether a process still runs (gone or a zombie: it does not)."""
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return False


def _command_line(pid: int) -> str:
    """A process's command line; empty once it has gone (the loader's short-lived workers do)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


@pytest.mark.parametrize(("sig", "code", "group"), [(signal.SIGINT, 130, True), (signal.SIGTERM, 143, False)])
def test_signals_end_the_run_cleanly(tmp_path: Path, sig: signal.Signals, code: int, group: bool) -> None:
    """SIGINT as a terminal sends it (to the whole process group), SIGTERM to the linter alone."""
    _busy_corpus(tmp_path / "corpus")
    temp = tmp_path / "tmp"
    temp.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "manifest_lint", "--profile", "all", str(tmp_path / "corpus")], env={**os.environ, "TMPDIR": str(temp)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        conftest: list[int] = []
        while time.monotonic() < deadline and proc.poll() is None:
            conftest = [c for c in _children_of(proc.pid) if "conftest" in _command_line(c)]
            if conftest:
                break
            time.sleep(0.02)
        assert conftest, "conftest never started"
        if group:
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == code, err
    assert "Traceback" not in err
    time.sleep(0.2)
    assert not [c for c in conftest if _running(c)]
    assert list(temp.iterdir()) == []


_BUSY_POOL = """
import signal, sys, time
from manifest_lint.parallel import fork_map

def stuck(item):
    time.sleep(600)
    return item

def terminated(_signum, _frame):
    raise SystemExit(143)

signal.signal(signal.SIGTERM, terminated)
fork_map(stuck, [1, 2], 2)
"""


def test_an_interrupted_worker_pool_ends_with_its_workers() -> None:
    """SIGTERM while forked workers are busy: the run ends now, and no worker outlives it (nothing waits for them)."""
    proc = subprocess.Popen([sys.executable, "-c", _BUSY_POOL], stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
            workers = _children_of(proc.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "the workers never started"
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 143, err
        time.sleep(0.2)
        assert not [w for w in workers if Path(f"/proc/{w}").exists() and "zombie" not in Path(f"/proc/{w}/status").read_text().lower()]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()


def test_a_full_temporary_disk_is_exit_2_not_a_traceback(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    real = Path.write_text

    def full(self: Path, *args: Any, **kwargs: Any) -> int:
        if "manifest-lint-" in str(self):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    code = cli.main([str(ROOT / "dist" / "staging"), "--profile", "baseline"])
    err = capsys.readouterr().err
    assert code == 2
    assert "No space left on device" in err


def test_control_characters_are_escaped_in_the_table(tmp_path: Path) -> None:
    (tmp_path / "evil.json").write_text(json.dumps({
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x\x1b[2J\x07", "namespace": "shop"},
        "spec": {"containers": [{"name": "c\x1b]0;owned\x07", "image": "nginx:1", "securityContext": {"privileged": True}}]},
    }), encoding="utf-8")  # fmt: skip
    done = _lint("--profile", "baseline", str(tmp_path))
    assert done.returncode == 1
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "\\x1b[2J" in done.stdout


def test_stdin_is_read_with_a_dash() -> None:
    pod = CLEAN.replace("kind: ConfigMap", "kind: Pod").replace(
        "data: {LOG_LEVEL: info}", "spec: {containers: [{name: c, image: 'nginx:1', securityContext: {privileged: true}}]}"
    )
    done = _lint("--output", "json", "--profile", "baseline", "-", stdin=pod)
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)
    assert {f["file"] for f in findings} == {"<stdin>"}
    assert "pss-privileged" in _ids(done)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_files_are_text(tmp_path: Path, encoding: str) -> None:
    data = CLEAN.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    (tmp_path / "wide.yaml").write_bytes(data)
    done = _lint("--profile", "baseline", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "binary" not in done.stderr


def test_a_tab_indentation_error_says_tab(tmp_path: Path) -> None:
    (tmp_path / "tabs.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n", encoding="utf-8")
    done = _lint(str(tmp_path))
    assert done.returncode == 2
    assert "tab" in done.stderr.split("tabs.yaml", 1)[1]


def test_an_unrendered_helm_template_gets_the_hint(tmp_path: Path) -> None:
    (tmp_path / "deployment.yaml").write_text(
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    {{- include "x.labels" . | nindent 4 }}\n',
        encoding="utf-8",
    )
    done = _lint(str(tmp_path))
    assert done.returncode == 2
    assert "unrendered Helm template" in done.stderr and "helm template" in done.stderr


def test_a_file_and_its_folder_together_are_linted_once(tmp_path: Path) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "a.yaml").write_text(CLEAN, encoding="utf-8")
    done = _lint("--profile", "baseline", str(tmp_path / "m" / "a.yaml"), str(tmp_path / "m"))
    assert done.returncode == 0, done.stderr
    assert "no manifest files" not in done.stderr
    assert "1 objects in 1 files" in done.stdout


def test_no_go_format_verbs_leak_into_messages(tmp_path: Path) -> None:
    deployment = {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": 12, "namespace": "shop"},
        "spec": {"replicas": 2.5, "selector": {"matchLabels": {"app": "a"}}, "template": {"metadata": {"labels": {"app": "a"}}, "spec": {
            "containers": [{"name": 3, "image": "nginx:1", "ports": [{"containerPort": 8080.5}], "resources": {"limits": {"cpu": 2}},
                            "livenessProbe": {"httpGet": {"port": 8080.5}, "periodSeconds": 1.5, "timeoutSeconds": 2.5}}],
        }}},
    }  # fmt: skip
    (tmp_path / "floats.json").write_text(json.dumps(deployment), encoding="utf-8")
    done = _lint("--output", "json", str(tmp_path))
    assert done.returncode == 1, done.stderr
    assert "%!" not in done.stdout


def test_int32_fields_are_range_checked(tmp_path: Path) -> None:
    deployment = {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "big", "namespace": "shop"},
        "spec": {"replicas": 2**31, "selector": {"matchLabels": {"app": "a"}}, "template": {"metadata": {"labels": {"app": "a"}}, "spec": {
            "containers": [{"name": "c", "image": "nginx:1", "ports": [{"containerPort": 70000}]}],
        }}},
    }  # fmt: skip
    (tmp_path / "big.json").write_text(json.dumps(deployment), encoding="utf-8")
    done = _lint("--output", "json", "--kube-version", "1.33", str(tmp_path))
    messages = [f["message"] for f in json.loads(done.stdout)]
    assert any("spec.replicas: 2147483648 is not a 'int32'" in m for m in messages), messages
    assert any("70000" in m and f["rule_id"] == "port-range" for m, f in zip(messages, json.loads(done.stdout), strict=True)), messages


def test_kustomize_files_are_skipped_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text("resources: [cm.yaml]\npatches:\n  - path: patch.yaml\n", encoding="utf-8")
    (tmp_path / "cm.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "patch.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {LOG_LEVEL: debug}\n", encoding="utf-8")
    (tmp_path / "ops.json").write_text('[{"op": "replace", "path": "/data/LOG_LEVEL", "value": "warn"}]', encoding="utf-8")
    done = _lint("--profile", "baseline", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "note: kustomization.yaml: a Kustomize kustomization, skipped" in done.stderr.replace(str(tmp_path) + "/", "")
    assert "patch.yaml: a Kustomize patch (listed in" in done.stderr
    assert "ops.json: a JSON 6902 patch" in done.stderr
    assert "1 objects in 1 files" in done.stdout


def test_exclude_leaves_out_matching_paths(tmp_path: Path) -> None:
    (tmp_path / "keep.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "bad.yaml").write_text("apiVersion: v1\nkind: [\n", encoding="utf-8")
    done = _lint("--profile", "baseline", "--exclude", "vendor", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "bad.yaml" not in done.stderr


def test_an_equals_sign_scalar_is_a_string(tmp_path: Path) -> None:
    (tmp_path / "am.yaml").write_text(CLEAN.replace("data: {LOG_LEVEL: info}", "data: {op: =}"), encoding="utf-8")
    done = _lint("--profile", "baseline", "--output", "json", str(tmp_path))
    assert done.returncode == 0, done.stderr


_IMPORT_UNDER_A_SIGNAL = """
import os, signal, sys, threading, time

class Stop(Exception):
    pass

def stop(signum, frame):
    raise Stop

signal.signal(signal.SIGTERM, stop)
try:
    threading.Thread(target=lambda: (time.sleep(float(sys.argv[1])), os.kill(os.getpid(), signal.SIGTERM)), daemon=True).start()
    if sys.argv[2] == "ours":
        import manifest_lint.native, manifest_lint.schema_validation
    else:
        import orjson, jsonschema_rs
    time.sleep(10)
except Stop:
    sys.exit(3)
"""


def _import_under_a_signal(how: str) -> list[tuple[float, int, str]]:
    """(delay, exit status, stderr) of a child importing orjson and jsonschema-rs, plainly or as our
    modules do, while SIGTERM arrives after each delay (0 to 80 ms) and its handler raises."""
    ends = []
    for step in range(41):
        delay = step / 500
        done = subprocess.run([sys.executable, "-c", _IMPORT_UNDER_A_SIGNAL, str(delay), how], check=False, capture_output=True, text=True, timeout=60)
        ends.append((delay, done.returncode, done.stderr))
    return ends


def test_a_signal_during_a_native_import_is_delivered_after_it() -> None:
    """A raising handler inside orjson's start-up crashes the process (SIGSEGV), inside jsonschema-rs' makes pyo3 panic."""
    plain = _import_under_a_signal("plain")
    assert any(code != 3 or err for _, code, err in plain), "the plain imports never crashed: the test would prove nothing"
    ours = _import_under_a_signal("ours")
    assert [(delay, code, err[-300:]) for delay, code, err in ours if code != 3 or err] == []


def test_work_beside_runs_at_the_lowest_priority_and_hands_back_what_it_gave() -> None:
    """parallel.Beside: a small lint's schema validation beside its conftest processes, at the lowest CPU
    priority on Linux (the thread's own niceness: the caller's stays), its result or exception handed back."""
    import threading

    from manifest_lint.parallel import LOWEST_PRIORITY, Beside

    before = os.getpriority(os.PRIO_PROCESS, 0)
    seen = Beside(lambda: (os.getpriority(os.PRIO_PROCESS, threading.get_native_id()), threading.current_thread().name)).result()
    if sys.platform.startswith("linux"):
        assert seen[0] == LOWEST_PRIORITY
    assert seen[1] != threading.current_thread().name
    assert os.getpriority(os.PRIO_PROCESS, 0) == before

    def fail() -> None:
        raise ValueError("no schema for that")

    with pytest.raises(ValueError, match="no schema for that"):
        Beside(fail).result()
