"""Errors raised for bad props, and the collector that builds them.

A ``Problem`` stays structured (the prop, the value, what is allowed) from the check that
found it to whoever reports it, so that an app can say which of its own settings a prop
came from without parsing messages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

MAX_VALUE_TEXT = 1000
"""Longest quoted value in a message; longer ones (an alias bomb's expansion) are cut."""


def value_text(value: object) -> str:
    """``repr(value)``, cut to ``MAX_VALUE_TEXT`` characters."""
    text = repr(value)
    return text if len(text) <= MAX_VALUE_TEXT else f"{text[: MAX_VALUE_TEXT - 20]}... ({len(text)} characters)"


@dataclass(frozen=True)
class Problem:
    """One bad prop: its path (``ingress.host``, ``ports[0].port``), the value given and what is allowed."""

    prop: str
    """The prop's path below the construct's props, as a user writes it."""
    value: object
    """The value that was given."""
    allowed: str
    """What would have been accepted."""

    def __str__(self) -> str:
        return f"{self.prop}={value_text(self.value)}: {self.allowed}"

    def renamed(self, prop: str) -> Problem:
        return dataclasses.replace(self, prop=prop)


class PropsError(ValueError):
    """One or more props of a construct are invalid.

    ``details`` holds every problem found; ``problems`` the same as text, each naming the
    prop, the value and what is allowed. The message lists them all, so a user fixes
    everything in one pass.
    """

    def __init__(self, construct: str, problems: Iterable[Problem]) -> None:
        self.construct = construct
        self.details = tuple(problems)
        self.problems = tuple(str(p) for p in self.details)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{construct}: {len(self.problems)} invalid prop(s):\n{lines}")


class Problems:
    """Collects validation problems so that all of them are reported together."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(self, prop: str, value: object, allowed: str) -> None:
        """Record that ``prop`` has the bad ``value``; ``allowed`` says what would be accepted."""
        self._items.append(Problem(prop, value, allowed))

    def check(self, ok: bool, prop: str, value: object, allowed: str) -> None:
        """Record a problem unless ``ok``."""
        if not ok:
            self.add(prop, value, allowed)

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._items)

    def raise_if_any(self, construct: str) -> None:
        """Raise ``PropsError`` for ``construct`` when any problem was recorded."""
        if self._items:
            raise PropsError(construct, self._items)
