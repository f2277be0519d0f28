"""Hostile and unusual input: every problem is a message naming the file, never a traceback."""

from __future__ import annotations

import datetime
import json
import os
import time
import tracemalloc
from pathlib import Path

import pytest
from lint_fixtures import BILLION_LAUGHS, CLEAN_BASELINE, write

from manifest_lint import loader
from manifest_lint.loader import load_paths


def _problems(root: Path, *names: str) -> dict[str, str]:
    result = load_paths([str(root / n) for n in names] if names else [str(root)])
    return {Path(p.path).name: str(p) for p in result.problems}


def test_good_file_still_loaded_beside_bad_ones(tmp_path: Path) -> None:
    write(tmp_path, {"good.yaml": CLEAN_BASELINE, "bad.yaml": "a: [1\nb: 2\n", "dup.yaml": "a: 1\na: 2\n"})
    result = load_paths([str(tmp_path)])
    assert [d.content["metadata"]["name"] for d in result.documents] == ["settings"]
    assert {Path(p.path).name for p in result.problems} == {"bad.yaml", "dup.yaml"}


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, {"bad.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [x\n"})
    [problem] = load_paths([str(tmp_path / "bad.yaml")]).problems
    assert problem.path.endswith("bad.yaml")
    assert problem.line == 4
    assert "invalid YAML" in problem.message


def test_duplicate_key_names_line(tmp_path: Path) -> None:
    write(tmp_path, {"dup.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n"})
    message = _problems(tmp_path, "dup.yaml")["dup.yaml"]
    assert message.endswith("dup.yaml:5: duplicate key 'name' (first at line 4)")


def test_duplicate_key_in_json(tmp_path: Path) -> None:
    write(tmp_path, {"dup.json": '{"apiVersion": "v1",\n "kind": "Pod",\n "kind": "Service"}'})
    assert _problems(tmp_path, "dup.json")["dup.json"].endswith("dup.json:3: duplicate key 'kind'")


def test_billion_laughs_bounded_in_time_and_memory(tmp_path: Path) -> None:
    write(tmp_path, {"bomb.yaml": BILLION_LAUGHS})
    tracemalloc.start()
    started = time.monotonic()
    result = load_paths([str(tmp_path / "bomb.yaml")])
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 2
    assert peak < 20 * 1024 * 1024
    assert result.documents == []
    [problem] = result.problems
    assert "alias bomb" in problem.message
    assert problem.path.endswith("bomb.yaml")


def test_recursive_alias_refused(tmp_path: Path) -> None:
    write(tmp_path, {"rec.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: x, self: *m}\n"})
    result = load_paths([str(tmp_path / "rec.yaml")])
    assert result.documents == []
    assert len(result.problems) == 1


def test_plain_aliases_allowed(tmp_path: Path) -> None:
    write(tmp_path, {"ok.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: &v hello\n  b: *v\n"})
    result = load_paths([str(tmp_path / "ok.yaml")])
    assert result.problems == []
    assert result.documents[0].content["data"] == {"a": "hello", "b": "hello"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("- a\n- b\n", "document 1 is a sequence, not a mapping"),
        ("just text\n", "document 1 is a string, not a mapping"),
        ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n42\n", "document 2 is a int, not a mapping"),
        ("name: values\nreplicas: 2\n", "document 1 is not a Kubernetes object (needs apiVersion and kind)"),
        ("", "no manifests in this file"),
        ("# only a comment\n---\n", "no manifests in this file"),
        ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: .nan}\n", "NaN or Infinity"),
    ],
)
def test_documents_that_are_not_manifests(tmp_path: Path, content: str, expected: str) -> None:
    write(tmp_path, {"x.yaml": content})
    assert expected in _problems(tmp_path, "x.yaml")["x.yaml"]


def test_binary_file(tmp_path: Path) -> None:
    write(tmp_path, {"bin.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"})
    assert "binary file" in _problems(tmp_path, "bin.yaml")["bin.yaml"]


def test_not_utf8(tmp_path: Path) -> None:
    write(tmp_path, {"latin.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\xe9}\n".encode("latin-1")})
    assert "not UTF-8" in _problems(tmp_path, "latin.yaml")["latin.yaml"]


def test_huge_file_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 1024)
    write(tmp_path, {"huge.yaml": CLEAN_BASELINE + "#" * 2048 + "\n"})
    assert "over the 1024 byte limit" in _problems(tmp_path, "huge.yaml")["huge.yaml"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("deep.json", "[" * 5000 + "]" * 5000),
        ("deepflow.yaml", "a: " + "[" * 5000 + "]" * 5000 + "\n"),
        ("deepblock.yaml", "".join(" " * i + f"k{i}:\n" for i in range(300))),
    ],
)
def test_deep_nesting(tmp_path: Path, name: str, content: str) -> None:
    write(tmp_path, {name: content})
    message = _problems(tmp_path, name)[name]
    assert "nesting deeper" in message or "maximum nesting depth" in message


def test_missing_path() -> None:
    result = load_paths(["/nonexistent/manifests.yaml"])
    assert [str(p) for p in result.problems] == ["/nonexistent/manifests.yaml: no such file or folder (No such file or directory)"]


def test_folder_without_manifests(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": "# nothing here\n"})
    [problem] = load_paths([str(tmp_path)]).problems
    assert "no manifest files" in problem.message


def test_symlink_loops(tmp_path: Path) -> None:
    write(tmp_path, {"d/good.yaml": CLEAN_BASELINE})
    os.symlink("loop2.yaml", tmp_path / "d" / "loop1.yaml")
    os.symlink("loop1.yaml", tmp_path / "d" / "loop2.yaml")
    os.symlink(".", tmp_path / "d" / "self")
    result = load_paths([str(tmp_path / "d")])
    assert len(result.documents) == 1
    messages = {Path(p.path).name: p.message for p in result.problems}
    assert "symbolic link" in messages["loop1.yaml"]
    assert "symbolic link" in messages["loop2.yaml"]
    assert "symlink loop" in messages["self"]


def test_same_file_twice_read_once(tmp_path: Path) -> None:
    write(tmp_path, {"a.yaml": CLEAN_BASELINE})
    assert len(load_paths([str(tmp_path), str(tmp_path / "a.yaml")]).documents) == 1


def test_list_kinds_json_crds_and_unknown_kinds(tmp_path: Path) -> None:
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "image": "x:1"}]}}
    crd = {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "widgets.example.com"}, "spec": {}}
    write(
        tmp_path,
        {
            "list.yaml": json.dumps({"apiVersion": "v1", "kind": "List", "items": [pod, {**pod, "metadata": {"name": "q"}}]}),
            "pod.json": json.dumps(pod),
            "stream.json": json.dumps([crd, {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}}]),
            "helm.yml": "---\n# Source: chart/templates/empty.yaml\n---\n# Source: chart/templates/cm.yaml\n" + CLEAN_BASELINE,
        },
    )
    result = load_paths([str(tmp_path)])
    assert result.problems == []
    assert sorted((Path(d.file).name, d.content["metadata"]["name"], d.item) for d in result.documents) == [
        ("helm.yml", "settings", None),
        ("list.yaml", "p", 0),
        ("list.yaml", "q", 1),
        ("pod.json", "p", None),
        ("stream.json", "w", None),
        ("stream.json", "widgets.example.com", None),
    ]


def test_yaml_dates_become_strings(tmp_path: Path) -> None:
    write(tmp_path, {"d.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {day: 2024-01-02}\n"})
    [doc] = load_paths([str(tmp_path / "d.yaml")]).documents
    assert json.loads(doc.json_text)["data"]["day"] == "2024-01-02"


def test_parallel_load_matches_sequential(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {f"m{i:02}.yaml": CLEAN_BASELINE.replace("settings", f"s{i}") for i in range(12)}
    files["bad.yaml"] = "a: [\n"
    write(tmp_path, files)
    parallel = load_paths([str(tmp_path)], workers=2)
    sequential = load_paths([str(tmp_path)], workers=1)
    assert parallel.documents == sequential.documents
    assert parallel.problems == sequential.problems
    assert [d.content["metadata"]["name"] for d in parallel.documents] == [f"s{i}" for i in range(12)]


def test_documents_read_in_workers_are_the_documents_read_here(tmp_path: Path) -> None:
    """Workers send a document back as its JSON text when that reads back exactly, else with its values."""
    plain = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain, labels: &l {a: b}}\ndata: {n: '1', big: x}\nbinaryData: {}\n"
    exotic = [
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: date}\ndata: {when: 2024-01-01}\n",  # a date
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: intkey}\nspec: {1: one}\n",  # a key that is not a string
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\nspec: {n: 123456789012345678901234567890}\n",  # orjson: a float
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: merged}\nspec: {<<: {a: 1}, b: 2}\n",  # a merge key
    ]
    files = {f"f{i:02d}.yaml": plain.replace("plain", f"plain{i}") for i in range(40)}
    files.update({f"x{i}.yaml": text for i, text in enumerate(exotic)})
    write(tmp_path, files)
    alone = load_paths([str(tmp_path)], workers=1)
    forked = load_paths([str(tmp_path)], workers=2)
    assert not alone.problems and not forked.problems
    assert [d.content for d in forked.documents] == [d.content for d in alone.documents]
    assert [type(d.content["data"]["when"]) for d in forked.documents if d.content["metadata"]["name"] == "date"] == [type(datetime.date(2024, 1, 1))]
    exact = {d.content["metadata"]["name"]: d.json_exact for d in alone.documents}
    assert exact["plain0"] and not any(exact[name] for name in ("date", "intkey", "huge", "merged"))
