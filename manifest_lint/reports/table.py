"""``--output table`` (the default): one row per finding, most severe first, then a summary line.

Everything printed from the input (names, messages) has its control characters escaped, so
a hostile manifest cannot drive the terminal.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from manifest_lint.catalog import SEVERITIES
from manifest_lint.findings import LintResult
from manifest_lint.loader import InputProblem

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with terminal control characters (ESC, BEL, CR, ...) written as escapes such as ``\\x1b``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def render(result: LintResult, problems: Sequence[InputProblem]) -> str:
    rows = [("SEVERITY", "RULE", "RESOURCE", "FILE", "MESSAGE")]
    ordered = sorted(result.findings, key=lambda f: (f.waived, _severity_rank(f.severity), f.file or "", f.line or 0, f.rule_id))
    for f in ordered:
        resource = f"{f.kind or '?'}/{f.namespace or '-'}/{f.name or ''}" + (f"[{f.container}]" if f.container else "")
        where = f"{f.file}:{f.line}" if f.file and f.line else (f.file or "-")
        severity = "waived" if f.waived else f.severity
        rows.append((severity, printable(f.rule_id), printable(resource), printable(where), printable(f.detail or f.message)))
    lines: list[str] = []
    if len(rows) > 1:
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        for row in rows:
            lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
        lines.append("")
    failed = Counter(f.severity for f in result.findings if not f.waived)
    by_severity = ", ".join(f"{failed[s]} {s}" for s in SEVERITIES if failed[s])
    waived = sum(1 for f in result.findings if f.waived)
    files = len({d.file for d in result.documents})
    summary = (
        f"{len(result.documents)} objects in {files} files, {len(result.rules)} rules: "
        f"{sum(failed.values())} failed" + (f" ({by_severity})" if by_severity else "") + f", {waived} waived"
    )
    unchecked = sum(result.unchecked.values())
    if unchecked:
        kinds = ", ".join(f"{printable(kind)} ({n})" for kind, n in sorted(result.unchecked.items()))
        summary += f", {unchecked} object{'s' if unchecked != 1 else ''} no schema could check ({kinds})"
    if problems or result.errors:
        summary += f", {len(problems) + len(result.errors)} input/tool problems (see stderr)"
    lines.append(summary)
    return "\n".join(lines) + "\n"
