"""The policy pack over real, public manifests of well-known projects.

``scripts/setup-tests.sh`` (``make test-setup``) downloads the projects pinned by
``tools/realworld/go.mod`` (``go.sum`` checks them) and writes ``.tools/realworld/index.json``:
per project, its folder in the Go module cache and its lint runs. Each run is one
``python -m manifest_lint --output json --profile all PATH...`` in that folder, and must

* exit 0 or 1: every file was read (an exit 2 is a file refused as bad input, a bug to fix or,
  for a file that is not a Kubernetes manifest at all, an entry of ``EXCLUDES`` with its reason);
* print no traceback;
* report exactly the reviewed findings of ``expected/<project>.json``: per file (relative to the
  project's folder), the sorted ``[rule_id, kind, namespace, name, container]`` of each finding
  (not messages, which may be reworded). A new finding (a false positive?) or a missing one (a miss?)
  fails with a diff; REVIEW.md says which of today's findings are right.

After a reviewed change of the pack or of a pin: ``REALWORLD_UPDATE=1 .venv/bin/python -m pytest tests/realworld``
rewrites the expected files; review their diff before committing it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
INDEX = ROOT / ".tools" / "realworld" / "index.json"
EXPECTED = Path(__file__).resolve().parent / "expected"
PYTHON = ROOT / ".venv" / "bin" / "python"
UPDATE = os.environ.get("REALWORLD_UPDATE") == "1"
SETUP_HINT = "run `make test-setup` (bash scripts/setup-tests.sh): it downloads the pinned manifests and writes the index"

PROJECTS = ("argo-cd", "cert-manager", "ingress-nginx", "metrics-server", "prometheus-operator")
"""The projects of scripts/setup-tests.sh; each has expected/<project>.json."""

EXCLUDES: dict[str, dict[str, str]] = {
    # Files inside the linted folders that are not Kubernetes manifests (so the linter rightly refuses
    # them with exit 2), as --exclude globs relative to the project's folder, each with why.
    "argo-cd": {
        # The inputs of the Helm chart that generate.sh renders into chart/upstream.yaml (which is linted).
        "manifests/ha/base/redis-ha/chart/Chart.yaml": "Helm chart metadata",
        "manifests/ha/base/redis-ha/chart/requirements.yaml": "Helm chart dependencies",
        "manifests/ha/base/redis-ha/chart/values.yaml": "Helm values",
    },
    "cert-manager": {
        # deploy/charts/ is not linted at all (Helm templates); deploy/manifests/ keeps the values the
        # release renders the chart with.
        "deploy/manifests/helm-values.yaml": "Helm values",
    },
    "ingress-nginx": {
        "deploy/prometheus/prometheus.yaml": "Prometheus' own configuration, made a ConfigMap by the kustomization's configMapGenerator",
        "deploy/grafana/dashboards/*.json": "Grafana dashboards and a markdownlint configuration, not objects",
    },
    "prometheus-operator": {
        "example/additional-scrape-configs/prometheus-additional.yaml": "Prometheus scrape configs: the content of additional-scrape-configs.yaml's Secret",
        "example/user-guides/alerting/alertmanager.yaml": "Alertmanager's own configuration, the content of a Secret",
    },
}

Finding = tuple[str, str | None, str | None, str | None, str | None]


def _index() -> dict[str, Any]:
    if not INDEX.is_file():
        pytest.fail(f"{INDEX.relative_to(ROOT)} is missing: {SETUP_HINT}", pytrace=False)
    index: dict[str, Any] = json.loads(INDEX.read_text(encoding="utf-8"))
    missing = [p for project in index.values() for run in project["runs"] for p in run if not Path(p).exists()]
    if missing:
        pytest.fail(f"the index names folders that are gone ({missing[0]}, ...): {SETUP_HINT}", pytrace=False)
    return index


def _sort_key(finding: Iterable[str | None]) -> list[tuple[bool, str]]:
    return [(value is not None, value or "") for value in finding]


def _lint(root: Path, run: list[str], excludes: Iterable[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """One lint run in the project's folder (so file names are relative to it): its findings and its problems."""
    command = [str(PYTHON if PYTHON.exists() else sys.executable), "-m", "manifest_lint", "--output", "json", "--profile", "all"]
    for pattern in excludes:
        command += ["--exclude", pattern]
    command += [os.path.relpath(path, root) for path in run]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=600, check=False)
    shown = f"{' '.join(command[1:])}` in `{root}"
    problems = []
    if "Traceback" in done.stderr:
        problems.append(f"`{shown}` printed a traceback:\n{done.stderr}")
    if done.returncode not in (0, 1):
        errors = "\n".join(line for line in done.stderr.splitlines() if not line.startswith("note: ")) or done.stderr
        problems.append(f"`{shown}` exited {done.returncode} (0 or 1 expected: every file should be read):\n{errors}")
    try:
        findings = json.loads(done.stdout) if done.stdout.strip() else []
    except json.JSONDecodeError:
        problems.append(f"`{shown}` printed no JSON report:\n{done.stdout[:2000]}")
        findings = []
    return findings, problems


def _actual(project: dict[str, Any], excludes: Iterable[str]) -> tuple[dict[str, list[Finding]], list[str]]:
    root = Path(project["root"])
    files: dict[str, list[Finding]] = {}
    problems: list[str] = []
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        for findings, run_problems in pool.map(lambda run: _lint(root, run, excludes), project["runs"]):
            problems += run_problems
            for f in findings:
                files.setdefault(f.get("file") or "<no file>", []).append((f["rule_id"], f["kind"], f["namespace"], f["name"], f["container"]))
    return {name: sorted(found, key=_sort_key) for name, found in sorted(files.items())}, problems


def _write_expected(path: Path, project: dict[str, Any], files: dict[str, list[Finding]]) -> None:
    """One finding a line, so that a change of the pack is a readable diff of this file too."""
    lines = ["{", f'  "module": {json.dumps(project["module"])},', f'  "version": {json.dumps(project["version"])},', '  "files": {']
    for i, (name, found) in enumerate(files.items()):
        lines.append(f"    {json.dumps(name)}: [")
        lines += [f"      {json.dumps(list(f))}" + ("," if j < len(found) - 1 else "") for j, f in enumerate(found)]
        lines.append("    ]" + ("," if i < len(files) - 1 else ""))
    lines += ["  }", "}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _diff(expected: dict[str, list[Finding]], actual: dict[str, list[Finding]], limit: int = 150) -> list[str]:
    """Per file, the findings added (``+``: a false positive?) and missing (``-``: a miss?), and a count per rule."""
    lines: list[str] = []
    added: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    for name in sorted(set(expected) | set(actual)):
        want, got = Counter(expected.get(name, [])), Counter(actual.get(name, []))
        plus, minus = sorted((got - want).elements(), key=_sort_key), sorted((want - got).elements(), key=_sort_key)
        if not plus and not minus:
            continue
        lines.append(f"{name}:")
        lines += [f"  + {json.dumps(list(f))}" for f in plus]
        lines += [f"  - {json.dumps(list(f))}" for f in minus]
        added.update(f[0] for f in plus)
        missing.update(f[0] for f in minus)
    if len(lines) > limit:
        lines = [*lines[:limit], f"... and {len(lines) - limit} more lines"]
    per_rule = [f"  {rule}: +{added[rule]} -{missing[rule]}" for rule in sorted(set(added) | set(missing))]
    return ["findings per rule (+ added, - missing):", *per_rule, *lines]


def test_every_project_is_set_up_and_expected():
    index = _index()
    assert sorted(index) == sorted(PROJECTS), f"the index lists {sorted(index)}; the tests know {sorted(PROJECTS)}: {SETUP_HINT}"
    stray = {p.stem for p in EXPECTED.glob("*.json")} - set(PROJECTS)
    assert not stray, f"expected files of projects no longer linted: {sorted(stray)}"


@pytest.mark.parametrize("name", PROJECTS)
def test_findings_on_real_manifests(name: str):
    project = _index().get(name)
    if project is None:
        pytest.fail(f"{name} is not in {INDEX.relative_to(ROOT)}: {SETUP_HINT}", pytrace=False)
    actual, problems = _actual(project, EXCLUDES.get(name, {}))
    assert not problems, "\n\n".join(problems)
    path = EXPECTED / f"{name}.json"
    if UPDATE:
        _write_expected(path, project, actual)
        return
    assert path.is_file(), f"no {path.relative_to(ROOT)}: REALWORLD_UPDATE=1 .venv/bin/python -m pytest tests/realworld writes it (then review it)"
    expected = json.loads(path.read_text(encoding="utf-8"))
    pinned = (project["module"], project["version"])
    reviewed = (expected["module"], expected["version"])
    assert pinned == reviewed, f"{name}: {path.name} reviewed {reviewed}, the set-up pins {pinned}: rerun with REALWORLD_UPDATE=1 and review the diff"
    want = {file: [tuple(f) for f in found] for file, found in expected["files"].items()}
    if want != actual:
        pytest.fail(
            f"{name} {project['version']}: the findings differ from the reviewed {path.relative_to(ROOT)}\n"
            + "\n".join(_diff(want, actual))
            + "\n(a + is a new finding, a - one no longer reported; if the change is right: REALWORLD_UPDATE=1 .venv/bin/python -m pytest tests/realworld)",
            pytrace=False,
        )
