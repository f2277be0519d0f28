#!/usr/bin/env python3
"""Write docs/coverage/README.md from docs/coverage/peers.yaml and the policy pack's rule ids.

    .venv/bin/python scripts/coverage_table.py           # (re)write docs/coverage/README.md
    .venv/bin/python scripts/coverage_table.py --check   # exit 1 when it is stale

peers.yaml holds the facts: each peer linter's checks (id, title, on by default, severity)
and our equivalent rule ids, or the reason we have none. The status of a check follows from
``ours`` and the first word of ``difference``:

    ours set, no difference              shared
    ours set, "partial: ..."             partial
    ours null, "deliberately not: ..."   deliberate (also "not in scope: ...")
    ours null, "missing: ..."            missing (needs ``gap`` and ``value``)

Our rule ids come from the ``custom:`` ``id:`` lines of the METADATA of
manifest_lint/policies/**/[!_]*.rego (not *_test.rego, not lib/), plus the rules checked in
Python (manifest_lint.catalog.BUILTIN_RULES, i.e. schema-valid). A peers.yaml entry naming a
rule id we do not have, or breaking the rules above, is an error (exit 1).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from manifest_lint.catalog import BUILTIN_RULES  # the rules checked in Python, not Rego

ROOT = Path(__file__).resolve().parent.parent
PEERS_PATH = ROOT / "docs" / "coverage" / "peers.yaml"
README_PATH = ROOT / "docs" / "coverage" / "README.md"
POLICIES_DIR = ROOT / "manifest_lint" / "policies"

STATUSES = ("shared", "partial", "deliberate", "missing")
DELIBERATE_PREFIXES = ("deliberately not:", "not in scope:")
VALUES = ("high", "medium", "low")

_TITLE = re.compile(r"^#\s*title:\s*(.+?)\s*$")
_CUSTOM = re.compile(r"^#\s*custom:\s*$")
_ID = re.compile(r"^#\s+id:\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*$")


class CoverageError(Exception):
    """peers.yaml is malformed or names a rule we do not have."""


@dataclass(frozen=True)
class OurRule:
    id: str
    title: str
    path: str


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    default: bool
    severity: str | None
    ours: tuple[str, ...]
    status: str
    text: str  # the difference, or the note of a shared check ("" when none)
    gap: str | None
    value: str | None


@dataclass(frozen=True)
class Peer:
    name: str
    version: str
    repo: str
    ref: str
    paths: tuple[str, ...]
    defaults: str
    checks: tuple[Check, ...]


def _rule_files(policies_dir: Path) -> list[Path]:
    files = []
    for path in sorted(policies_dir.rglob("[!_]*.rego")):
        rel = path.relative_to(policies_dir)
        if path.name.endswith("_test.rego") or rel.parts[0] == "lib":
            continue
        files.append(path)
    return files


def _rule_from_file(path: Path) -> OurRule | None:
    """The package METADATA's title and custom.id, from the comment block before ``package``."""
    title = ""
    in_custom = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("package "):
            break
        if not line.startswith("#"):
            in_custom = False
            continue
        if m := _TITLE.match(line):
            title = title or m.group(1)
        elif _CUSTOM.match(line):
            in_custom = True
        elif in_custom and (m := _ID.match(line)):
            return OurRule(id=m.group(1), title=title, path=path.relative_to(ROOT).as_posix())
        elif in_custom and re.match(r"^#\s?\S", line):
            in_custom = False  # a key at the METADATA's top level ends custom:
    return None


def our_rules(policies_dir: Path = POLICIES_DIR) -> dict[str, OurRule]:
    rules: dict[str, OurRule] = {}
    for path in _rule_files(policies_dir):
        rule = _rule_from_file(path)
        if rule is None:
            continue  # a data-only package (e.g. the API version table)
        if rule.id in rules:
            raise CoverageError(f"rule id {rule.id} is declared by {rules[rule.id].path} and {rule.path}")
        rules[rule.id] = rule
    for builtin in BUILTIN_RULES:
        rules.setdefault(builtin.id, OurRule(id=builtin.id, title=builtin.title, path=builtin.path))
    return rules


def _str(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or str(value).strip() == "":
        raise CoverageError(f"{where}: {key} must be a non-empty string")
    return str(value).strip()


def _opt(entry: dict[str, Any], key: str, where: str) -> str | None:
    return None if entry.get(key) is None else _str(entry, key, where)


def _check(entry: Any, where: str, known: dict[str, OurRule]) -> Check:
    if not isinstance(entry, dict):
        raise CoverageError(f"{where}: a check must be a mapping")
    allowed = {"id", "title", "default", "severity", "ours", "note", "difference", "gap", "value"}
    if unknown := sorted(set(entry) - allowed):
        raise CoverageError(f"{where}: unknown keys {unknown}")
    check_id = _str(entry, "id", where)
    where = f"{where} ({check_id})"
    title = _str(entry, "title", where)
    default = entry.get("default")
    if not isinstance(default, bool):
        raise CoverageError(f"{where}: default must be true or false")
    severity = _opt(entry, "severity", where)
    ours_raw = entry.get("ours")
    if ours_raw is None:
        ours: tuple[str, ...] = ()
    elif isinstance(ours_raw, list) and ours_raw and all(isinstance(r, str) and r for r in ours_raw):
        ours = tuple(ours_raw)
    else:
        raise CoverageError(f"{where}: ours must be null or a non-empty list of rule ids")
    if unknown_rules := [r for r in ours if r not in known]:
        raise CoverageError(f"{where}: ours names rule ids we do not have: {', '.join(unknown_rules)}")
    if len(set(ours)) != len(ours):
        raise CoverageError(f"{where}: ours lists a rule twice")
    note = _opt(entry, "note", where)
    difference = _opt(entry, "difference", where)
    gap = _opt(entry, "gap", where)
    value = _opt(entry, "value", where)
    if note and difference:
        raise CoverageError(f"{where}: give a note (shared) or a difference, not both")
    if ours:
        if difference is None:
            status = "shared"
        elif difference.startswith("partial:"):
            status = "partial"
        else:
            raise CoverageError(f"{where}: with ours set, a difference must start with 'partial:'")
    else:
        if difference is None:
            raise CoverageError(f"{where}: ours is null, so a difference (the reason) is required")
        if difference.startswith(DELIBERATE_PREFIXES):
            status = "deliberate"
        elif difference.startswith("missing:"):
            status = "missing"
        else:
            raise CoverageError(f"{where}: with ours null, a difference must start with 'missing:', 'deliberately not:' or 'not in scope:'")
        if note:
            raise CoverageError(f"{where}: note is for shared checks; put the reason in difference")
    if status == "missing":
        if gap is None or value not in VALUES:
            raise CoverageError(f"{where}: a missing check needs gap (a slug) and value ({', '.join(VALUES)})")
    elif gap is not None or value is not None:
        raise CoverageError(f"{where}: gap and value are only for missing checks")
    return Check(
        id=check_id,
        title=title,
        default=default,
        severity=severity,
        ours=ours,
        status=status,
        text=difference or note or "",
        gap=gap,
        value=value,
    )


def load_peers(path: Path, known: dict[str, OurRule]) -> list[Peer]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("peers"), list) or not data["peers"]:
        raise CoverageError(f"{path.name}: want a mapping with a non-empty peers: list")
    peers = []
    for index, raw in enumerate(data["peers"]):
        where = f"{path.name}: peers[{index}]"
        if not isinstance(raw, dict):
            raise CoverageError(f"{where}: a peer must be a mapping")
        name = _str(raw, "name", where)
        where = f"{path.name}: {name}"
        version = _str(raw, "version", where)
        source = raw.get("source")
        if not isinstance(source, dict) or not isinstance(source.get("paths"), list) or not source["paths"]:
            raise CoverageError(f"{where}: source needs repo, ref and a non-empty paths list")
        repo = _str(source, "repo", f"{where} source")
        ref = _str(source, "ref", f"{where} source")
        defaults = _str(raw, "defaults", where)
        raw_checks = raw.get("checks")
        if not isinstance(raw_checks, list) or not raw_checks:
            raise CoverageError(f"{where}: checks must be a non-empty list")
        checks = tuple(_check(c, f"{where} checks[{i}]", known) for i, c in enumerate(raw_checks))
        seen: set[str] = set()
        for check in checks:
            if check.id in seen:
                raise CoverageError(f"{where}: check {check.id} is listed twice")
            seen.add(check.id)
        peers.append(
            Peer(
                name=name,
                version=version,
                repo=repo,
                ref=ref,
                paths=tuple(str(p) for p in source["paths"]),
                defaults=defaults,
                checks=checks,
            )
        )
    return peers


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _code(ids: Sequence[str]) -> str:
    return ", ".join(f"`{i}`" for i in ids)


def _default(check: Check) -> str:
    if not check.default:
        return "no"
    return f"yes ({check.severity})" if check.severity else "yes"


def render(peers: list[Peer], rules: dict[str, OurRule]) -> str:
    out = [
        "# Coverage compared with Polaris, kube-linter, kube-score and checkov",
        "",
        "<!-- Code generated by `python scripts/coverage_table.py` from docs/coverage/peers.yaml and the rules' METADATA. DO NOT EDIT. -->",
        "",
        "Which of the peers' Kubernetes manifest checks our rules share, by rule id (see",
        "[docs/policies.md](../policies.md)), and why we differ where we do. The facts (each peer's",
        "checks, whether they run by default, and what they test) were read from the peers' own",
        "sources at the versions below and are kept in [peers.yaml](peers.yaml); edit that file and",
        "rerun the script.",
        "",
        "- **shared**: our rule(s) report at least what the peer's check reports, by default;",
        "- **partial**: we check part of it, or the same condition opt-in (the difference says what);",
        "- **deliberate**: we chose not to have it (the reason is given);",
        "- **missing**: a gap worth filling.",
        "",
        "## Summary",
        "",
        "| Peer | Version | Checks | Shared | Partial | Deliberate | Missing |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    totals = dict.fromkeys(STATUSES, 0)
    for peer in peers:
        counts = {s: sum(1 for c in peer.checks if c.status == s) for s in STATUSES}
        for s in STATUSES:
            totals[s] += counts[s]
        anchor = re.sub(r"[^a-z0-9 -]", "", peer.name.lower()).replace(" ", "-")
        out.append(f"| [{peer.name}](#{anchor}) | {peer.version} | {len(peer.checks)} | " + " | ".join(str(counts[s]) for s in STATUSES) + " |")
    out.append(f"| all | | {sum(totals.values())} | " + " | ".join(str(totals[s]) for s in STATUSES) + " |")
    out.append("")

    # The missing checks, one row per gap, most valuable first.
    gaps: dict[str, list[tuple[Peer, Check]]] = {}
    for peer in peers:
        for check in peer.checks:
            if check.status == "missing" and check.gap:
                gaps.setdefault(check.gap, []).append((peer, check))
    rank = {v: i for i, v in enumerate(VALUES)}

    def gap_key(item: tuple[str, list[tuple[Peer, Check]]]) -> tuple[int, int, str]:
        gap, entries = item
        best = min(rank[c.value or "low"] for _, c in entries)
        return (best, -len(entries), gap)

    out += [
        "## Missing checks, worth adding",
        "",
        "| Gap | Value | Peers' checks | What it would catch |",
        "| --- | --- | --- | --- |",
    ]
    for gap, entries in sorted(gaps.items(), key=gap_key):
        best = min((c.value or "low" for _, c in entries), key=lambda v: rank[v])
        checks = ", ".join(f"{p.name} `{c.id}`" for p, c in entries)
        reason = entries[0][1].text.removeprefix("missing:").strip()
        out.append(f"| `{gap}` | {best} | {_cell(checks)} | {_cell(reason)} |")
    out.append("")

    # The deliberate differences, one row per reason.
    reasons: dict[str, list[tuple[Peer, Check]]] = {}
    for peer in peers:
        for check in peer.checks:
            if check.status == "deliberate":
                reasons.setdefault(check.text, []).append((peer, check))
    out += [
        "## Deliberate differences",
        "",
        "| Reason | Peers' checks |",
        "| --- | --- |",
    ]
    for reason, entries in reasons.items():
        checks = ", ".join(f"{p.name} `{c.id}`" for p, c in entries)
        out.append(f"| {_cell(reason)} | {_cell(checks)} |")
    out.append("")

    for peer in peers:
        out += [
            f"## {peer.name}",
            "",
            f"Version {peer.version}, read from [{peer.repo}](https://github.com/{peer.repo}) at `{peer.ref}`: "
            + ", ".join(f"`{p}`" for p in peer.paths)
            + ".",
            "",
            _cell(peer.defaults),
            "",
            "| Check | Title | On by default | Ours | Status | Difference or note |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for check in peer.checks:
            ours = _code(check.ours) if check.ours else "-"
            out.append(f"| `{check.id}` | {_cell(check.title)} | {_default(check)} | {ours} | {check.status} | {_cell(check.text)} |")
        out.append("")

    used = {rule_id for peer in peers for check in peer.checks for rule_id in check.ours}
    alone = sorted(set(rules) - used)
    out += [
        "## Our rules no peer has",
        "",
        f"{len(alone)} of our {len(rules)} rules match no check of these four peers (some cite",
        "other tools, such as Kyverno, Gatekeeper or Kubescape, in their METADATA).",
        "",
        "| Rule | Title |",
        "| --- | --- |",
    ]
    for rule_id in alone:
        out.append(f"| `{rule_id}` | {_cell(rules[rule_id].title)} |")
    out.append("")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/coverage/README.md is stale")
    args = parser.parse_args(argv)
    try:
        rules = our_rules()
        peers = load_peers(PEERS_PATH, rules)
    except (CoverageError, yaml.YAMLError, OSError) as exc:
        print(f"coverage_table: {exc}", file=sys.stderr)
        return 1
    text = render(peers, rules)
    rel = README_PATH.relative_to(ROOT)
    if args.check:
        current = README_PATH.read_text(encoding="utf-8") if README_PATH.exists() else None
        if current != text:
            print(f"coverage_table: {rel} is stale; run scripts/coverage_table.py", file=sys.stderr)
            return 1
        print(f"coverage_table: {rel} is up to date")
        return 0
    README_PATH.write_text(text, encoding="utf-8")
    print(f"coverage_table: wrote {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
