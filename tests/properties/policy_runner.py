"""Runs the policy pack (the real conftest binary) over many files with few processes.

``rule_packages`` lists the rule packages from the rule catalogue. Per-document rules and
the rules that look across documents (METADATA ``combine: true``) are run separately:

* per-document: ``conftest test -n <every per-document rule package>`` over the files, split
  in ``jobs`` chunks run in parallel (each document is judged on its own, so chunking
  cannot change a result);
* combined: ``conftest test --combine -n <every combine package>`` once per batch, where
  they see every object of the batch (as manifest-lint runs them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from manifest_lint.catalog import load_catalog
from manifest_lint.conftest_driver import ConftestError, run_conftest
from manifest_lint.package_data import POLICIES_DIR as POLICIES

_PACKAGE = re.compile(r"^package\s+(\S+)", re.MULTILINE)


@dataclass(frozen=True)
class Finding:
    filename: str
    rule_id: str
    namespace: str | None
    kind: str | None
    name: str | None
    msg: str


def rule_packages() -> tuple[list[str], list[str]]:
    """(per-document packages, combined packages) of the policy pack, as the rule catalogue has them."""
    rules = load_catalog().rules
    per_doc = [r.package for r in rules if not r.combine]
    cross = [r.package for r in rules if r.combine]
    assert per_doc and cross, "no rule packages in the catalogue"
    return per_doc, cross


def _run(packages: list[str], files: Sequence[str], cwd: Path, *, combine: bool = False) -> list[Finding]:
    try:
        results = run_conftest(files, policies=[POLICIES], namespaces=packages, combine=combine, cwd=cwd)
    except ConftestError as error:
        raise AssertionError(str(error)) from error
    findings = []
    for result in results:
        for failure in result.get("failures") or []:
            meta = failure.get("metadata") or {}
            findings.append(Finding(result["filename"], meta.get("rule_id", "?"), meta.get("namespace"), meta.get("kind"), meta.get("name"), failure["msg"]))
    return findings


def per_document(files: Sequence[str], cwd: Path, jobs: int = 2) -> tuple[list[Finding], int]:
    """Findings of the per-document rules over ``files`` and the number of processes run."""
    if not files:
        return [], 0
    per_doc, _ = rule_packages()
    size = -(-len(files) // jobs)
    chunks = [list(files[i : i + size]) for i in range(0, len(files), size)]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda chunk: _run(per_doc, chunk, cwd), chunks))
    return [f for r in results for f in r], len(chunks)


def combined(batches: Sequence[Sequence[str]], cwd: Path, jobs: int = 2) -> tuple[list[Finding], int]:
    """Findings of the cross rules, one ``--combine`` process per batch of files."""
    _, cross = rule_packages()
    batches = [b for b in batches if b]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda batch: _run(cross, batch, cwd, combine=True), batches))
    return [f for r in results for f in r], len(batches)
