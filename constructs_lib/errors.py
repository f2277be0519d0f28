"""Errors raised for bad props and bad configuration, and the collector that builds them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


class PropsError(ValueError):
    """One or more props of a construct are invalid.

    ``problems`` holds every problem found, each naming the prop, the value and what is
    allowed; the message lists them all, so a user fixes everything in one pass.
    """

    def __init__(self, construct: str, problems: Iterable[str]) -> None:
        self.construct = construct
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{construct}: {len(self.problems)} invalid prop(s):\n{lines}")


class Problems:
    """Collects validation problems so that all of them are reported together."""

    def __init__(self) -> None:
        self._items: list[str] = []

    def add(self, prop: str, value: object, allowed: str) -> None:
        """Record that ``prop`` has the bad ``value``; ``allowed`` says what would be accepted."""
        self._items.append(f"{prop}={value!r}: {allowed}")

    def check(self, ok: bool, prop: str, value: object, allowed: str) -> None:
        """Record a problem unless ``ok``."""
        if not ok:
            self.add(prop, value, allowed)

    def extend(self, problems: Iterable[str]) -> None:
        self._items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def raise_if_any(self, construct: str) -> None:
        """Raise ``PropsError`` for ``construct`` when any problem was recorded."""
        if self._items:
            raise PropsError(construct, self._items)
