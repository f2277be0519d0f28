"""Labels that every object of a service carries, and the smaller set that selects its pods."""

from __future__ import annotations

from dataclasses import dataclass

from constructs_lib.errors import Problems
from constructs_lib.prop_checks import check_dns_label, check_label_value

MANAGED_BY = "cdk8s"


@dataclass(frozen=True, kw_only=True)
class AppIdentity:
    """Who an object belongs to: the source of its ``app``/``version`` labels and the
    ``app.kubernetes.io/*`` recommended labels."""

    name: str
    """The application name (``app`` and ``app.kubernetes.io/name``); an RFC 1123 label."""
    version: str
    """``version`` and ``app.kubernetes.io/version``, e.g. ``v1.0.0``; a non-empty label value."""
    instance: str | None = None
    """``app.kubernetes.io/instance`` (a non-empty label value); it is part of the pod selector. Left out, the name.

    Default: `None` (the ``name``)
    """
    component: str = "web"
    """``app.kubernetes.io/component`` (a non-empty label value). Left out, ``web``.

    Default: `'web'`
    """
    part_of: str | None = None
    """``app.kubernetes.io/part-of`` (a non-empty label value). Left out, the name.

    Default: `None` (the ``name``)
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        check_dns_label(found, f"{prefix}name", self.name)
        for prop, value in (("version", self.version), ("instance", self.instance_label), ("component", self.component), ("part_of", self.part_of_label)):
            check_label_value(found, f"{prefix}{prop}", value)
            found.check(value != "", f"{prefix}{prop}", value, "a non-empty label value")
        return found

    @property
    def instance_label(self) -> str:
        return self.instance or self.name

    @property
    def part_of_label(self) -> str:
        return self.part_of or self.name

    def selector(self) -> dict[str, str]:
        """The labels that select this application's pods (immutable on a Deployment: no version)."""
        return {"app": self.name, "app.kubernetes.io/instance": self.instance_label}

    def labels(self) -> dict[str, str]:
        """Every label an object of this application carries."""
        return {
            "app": self.name,
            "version": self.version,
            "app.kubernetes.io/name": self.name,
            "app.kubernetes.io/instance": self.instance_label,
            "app.kubernetes.io/version": self.version,
            "app.kubernetes.io/component": self.component,
            "app.kubernetes.io/part-of": self.part_of_label,
            "app.kubernetes.io/managed-by": MANAGED_BY,
        }
