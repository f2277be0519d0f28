"""What a lint finds: ``Finding`` (one problem of one object) and ``LintResult`` (a whole run)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from manifest_lint.catalog import Rule
from manifest_lint.loader import Document


@dataclass(frozen=True)
class Finding:
    """One rule's finding about one object (and container); ``detail`` is the message without its subject."""

    rule_id: str
    severity: str
    kind: str | None
    namespace: str | None
    name: str | None
    container: str | None
    file: str | None
    message: str
    waived: bool
    line: int | None = None
    title: str = ""
    waiver_reason: str | None = None
    detail: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "severity": self.severity,
            "kind": self.kind,
            "namespace": self.namespace,
            "name": self.name,
            "container": self.container,
            "file": self.file,
            "message": self.message,
            "waived": self.waived,
        }


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """Problems that stopped part of the lint (conftest failures, schema loading)."""
    rules: list[Rule] = field(default_factory=list)
    """Every rule the profile ran."""
    documents: list[Document] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)
    """Seconds spent per phase (``manifest-lint --timings`` prints them): writing inputs, schemas, each conftest process."""
    unchecked: dict[str, int] = field(default_factory=dict)
    """Kind -> how many objects of it no schema could check (only the generic rules saw them)."""

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if not f.waived]
