"""Upstream's Pod Security fixtures of the newest policy version, judged by the API server and by our pack.

k8s.io/pod-security-admission carries test/testdata/<level>/<version>/{pass,fail}/*.yaml (copied
out of the module by `make cluster-setup`); for the newest version, every fixture must get its
folder's verdict from:

- the API server: a server-side dry-run create in a namespace enforcing <level> at that version;
  "fail" means refused by PodSecurity;
- our pack: `python -m manifest_lint --output json --profile <level>` over the level's fixtures
  (one run per level); "fail" means a finding of a pss-* rule for that file.

Two known adjustments, both from upstream's own fixtures: names with "_" are not valid object
names and are renamed (the name plays no part in Pod Security); fixtures that the API's
validation refuses before admission (procMount ones: Unmasked needs hostUsers: false, and this
server refuses some of them outright) cannot get a PodSecurity verdict; they must all be "fail"
fixtures or listed in KNOWN_INVALID, and each is still judged by our pack.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from kube_cluster import ADMITTED, FORBIDDEN, INVALID, PSA_TESTDATA, PSS_LEVELS, PSS_VERSION, ROOT, Cluster, PodVerdict, dry_run_pods

EXPECTED_FIXTURES = 148


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", name))


def fixtures() -> dict[Path, tuple[str, str]]:
    """fixture file -> (level, expected verdict "pass"/"fail"), newest version only."""
    found = {}
    for level in PSS_LEVELS:
        versions = sorted((p.name for p in (PSA_TESTDATA / level).iterdir() if p.is_dir()), key=_version_key)
        assert versions, f"no fixtures under {PSA_TESTDATA / level}: run `make cluster-setup`"
        assert versions[-1] == PSS_VERSION, f"the newest {level} fixtures are {versions[-1]}, this server's policy version is {PSS_VERSION}"
        for verdict in ("pass", "fail"):
            for path in sorted((PSA_TESTDATA / level / versions[-1] / verdict).glob("*.yaml")):
                found[path] = (level, verdict)
    return found


def pod_of(path: Path) -> dict:
    pod = yaml.safe_load(path.read_text())
    assert pod["kind"] == "Pod", path
    pod["metadata"]["name"] = pod["metadata"]["name"].replace("_", "-")
    return {"metadata": pod["metadata"], "spec": pod["spec"]}


@pytest.fixture(scope="module")
def server_verdicts(cluster: Cluster) -> dict[Path, PodVerdict]:
    verdicts = {}
    for path, (level, _) in fixtures().items():
        [verdicts[path]] = dry_run_pods(cluster, [pod_of(path)], level)
    return verdicts


@pytest.fixture(scope="module")
def pack_verdicts() -> dict[Path, list[str]]:
    """fixture -> the pss-* rules of our pack that fail it (at the fixture's level)."""
    failed: dict[Path, list[str]] = {}
    all_fixtures = fixtures()
    for level in PSS_LEVELS:
        paths = [p for p, (lv, _) in all_fixtures.items() if lv == level]
        proc = subprocess.run(
            [sys.executable, "-m", "manifest_lint", "--output", "json", "--profile", level, *map(str, paths)],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            timeout=600,
        )
        assert proc.returncode in (0, 1), f"manifest_lint --profile {level} exited with {proc.returncode}:\n{proc.stderr[-3000:]}"
        for path in paths:
            failed[path.resolve()] = []
        for finding in json.loads(proc.stdout):
            if finding["rule_id"].startswith("pss-") and not finding.get("waived"):
                failed[(ROOT / finding["file"]).resolve()].append(finding["rule_id"])
    return failed


def _name(path: Path) -> str:
    return str(path.relative_to(PSA_TESTDATA))


def test_there_are_all_the_fixtures() -> None:
    found = fixtures()
    assert len(found) == EXPECTED_FIXTURES, f"{len(found)} fixtures for {PSS_VERSION}, expected {EXPECTED_FIXTURES}"


def test_the_api_server_gives_every_fixture_its_folders_verdict(server_verdicts: dict[Path, PodVerdict]) -> None:
    wrong, invalid = [], []
    for path, (_, expected) in fixtures().items():
        verdict = server_verdicts[path]
        if verdict.outcome == INVALID:
            invalid.append(f"{_name(path)}: {verdict.message}")
            if expected == "pass":
                wrong.append(f"{_name(path)}: expected pass, refused by API validation before admission: {verdict.message}")
        elif (verdict.outcome == ADMITTED) != (expected == "pass"):
            wrong.append(f"{_name(path)}: expected {expected}, the server {verdict.outcome}: {verdict.message}")
    judged = len(server_verdicts) - len(invalid)
    print(f"API server: {judged} of {len(server_verdicts)} fixtures judged by PodSecurity, all as their folder says unless listed;"
          f" {len(invalid)} refused by validation before admission" + "".join(f"\n  {line}" for line in invalid))  # fmt: skip
    assert not wrong, "\n".join(wrong)
    assert all(v.outcome in (ADMITTED, FORBIDDEN, INVALID) for v in server_verdicts.values())
    assert all("procmount" in line.split(":")[0] for line in invalid), "refused by validation, not a procMount fixture:\n" + "\n".join(invalid)


def test_our_pack_gives_every_fixture_its_folders_verdict(pack_verdicts: dict[Path, list[str]]) -> None:
    wrong = []
    for path, (_, expected) in fixtures().items():
        rules = sorted(set(pack_verdicts[path.resolve()]))
        if bool(rules) != (expected == "fail"):
            wrong.append(f"{_name(path)}: expected {expected}, our pack {'fails it (' + ', '.join(rules) + ')' if rules else 'passes it'}")
    assert not wrong, "\n".join(wrong)
