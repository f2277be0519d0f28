"""Checks of Kubernetes names, label values, host names, quantities and image references.

Each ``check_*`` function records problems into a ``Problems`` collector and never raises,
so a construct can report every bad prop at once.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from constructs_lib.errors import Problems

_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
# Lower-case labels joined by dots; the last label (the TLD) starts with a letter, so IPs are refused.
_HOST = re.compile(r"^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]([-a-z0-9]*[a-z0-9])?$")
DNS_1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
_PORT_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_QUANTITY = re.compile(r"^(?P<num>[0-9]+(\.[0-9]+)?)(?P<suffix>m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$")
_SUFFIX = {
    "": Decimal(1), "m": Decimal("0.001"),
    "k": Decimal(10**3), "M": Decimal(10**6), "G": Decimal(10**9), "T": Decimal(10**12), "P": Decimal(10**15), "E": Decimal(10**18),
    "Ki": Decimal(2**10), "Mi": Decimal(2**20), "Gi": Decimal(2**30), "Ti": Decimal(2**40), "Pi": Decimal(2**50), "Ei": Decimal(2**60),
}  # fmt: skip
# name[:tag][@sha256:digest], registry host optional; the tag may not be "latest".
_IMAGE = re.compile(
    r"^(?P<repo>([a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]+)?/)?"  # optional registry host[:port], always followed by '/'
    r"[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*)"
    r"(:(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(@(?P<digest>sha256:[a-f0-9]{64}))?$"
)

DNS_LABEL_MAX = 63
DNS_SUBDOMAIN_MAX = 253


def check_dns_label(problems: Problems, prop: str, value: str, *, max_length: int = DNS_LABEL_MAX) -> None:
    """RFC 1123 label: lower-case alphanumerics and '-', at most ``max_length`` characters."""
    problems.check(
        isinstance(value, str) and len(value) <= max_length and bool(_DNS_LABEL.match(value)),
        prop, value,
        f"an RFC 1123 label: lower-case letters, digits and '-', starting and ending with an alphanumeric, at most {max_length} characters",
    )  # fmt: skip


def check_dns_subdomain(problems: Problems, prop: str, value: str) -> None:
    """RFC 1123 subdomain: dot-separated labels, at most 253 characters."""
    problems.check(
        isinstance(value, str) and len(value) <= DNS_SUBDOMAIN_MAX and bool(_DNS_SUBDOMAIN.match(value)),
        prop, value, "an RFC 1123 subdomain: dot-separated lower-case labels, at most 253 characters",
    )  # fmt: skip


def check_label_value(problems: Problems, prop: str, value: str) -> None:
    """Kubernetes label value: at most 63 characters, alphanumerics with '-', '_' or '.' inside."""
    problems.check(
        isinstance(value, str) and len(value) <= DNS_LABEL_MAX and bool(_LABEL_VALUE.match(value)),
        prop, value,
        "a label value: at most 63 characters, alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric",
    )  # fmt: skip


def check_host(problems: Problems, prop: str, value: str, *, allow_wildcard: bool = False) -> None:
    """A fully qualified DNS host name (no IP address, no port); a leading '*.' only if allowed."""
    ok = isinstance(value, str) and len(value) <= DNS_SUBDOMAIN_MAX and bool(_HOST.match(value))
    if ok and value.startswith("*.") and not allow_wildcard:
        ok = False
    problems.check(ok, prop, value, "a fully qualified lower-case DNS name such as 'app.example.com' (no wildcard, IP or port)")


def check_port(problems: Problems, prop: str, value: int) -> None:
    problems.check(isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 65535, prop, value, "a port number from 1 to 65535")  # fmt: skip


def check_port_name(problems: Problems, prop: str, value: str) -> None:
    problems.check(
        isinstance(value, str) and len(value) <= 15 and bool(_PORT_NAME.match(value)) and any(c.isalpha() for c in value),
        prop, value, "an IANA service name: at most 15 lower-case letters, digits and '-', with at least one letter",
    )  # fmt: skip


def check_range(problems: Problems, prop: str, value: int, low: int, high: int | None = None) -> None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= low and (high is None or value <= high)
    allowed = f"an integer from {low} to {high}" if high is not None else f"an integer of at least {low}"
    problems.check(ok, prop, value, allowed)


def parse_quantity(value: str) -> Decimal | None:
    """The numeric value of a Kubernetes quantity such as '100m', '256Mi' or '1.5', or None if invalid."""
    match = _QUANTITY.match(value) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return Decimal(match.group("num")) * _SUFFIX[match.group("suffix") or ""]
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return None


def check_quantity(problems: Problems, prop: str, value: str) -> Decimal | None:
    parsed = parse_quantity(value)
    problems.check(parsed is not None and parsed > 0, prop, value, "a positive Kubernetes quantity such as '100m', '0.5', '256Mi' or '1Gi'")
    return parsed


def check_image(problems: Problems, prop: str, value: str) -> None:
    """An image pinned by an immutable tag or digest: 'registry/name:1.2.3' or 'name@sha256:...'; never 'latest'."""
    match = _IMAGE.match(value) if isinstance(value, str) else None
    ok = bool(match) and bool(match and (match.group("tag") or match.group("digest")))
    if match and match.group("tag") == "latest":
        ok = False
    problems.check(ok, prop, value, "an image reference with an explicit tag other than 'latest' or a sha256 digest, e.g. 'ghcr.io/org/app:1.2.3'")


def check_path(problems: Problems, prop: str, value: str) -> None:
    problems.check(isinstance(value, str) and value.startswith("/") and " " not in value, prop, value, "an absolute URL path starting with '/'")


def type_name(expected: type | tuple[type, ...]) -> str:
    names = {"str": "a string", "int": "an integer", "tuple": "a tuple", "bool": "true or false", "dict": "a mapping", "Mapping": "a mapping"}
    types = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(names.get(t.__name__, f"a {t.__name__}") for t in types)


def check_type(problems: Problems, prop: str, value: object, expected: type | tuple[type, ...], *, item: type | tuple[type, ...] | None = None) -> bool:
    """Record a problem naming ``prop`` unless ``value`` is of ``expected`` type (and, for collections, each item of ``item``).

    Returns whether the value has the right type, so that checks of its content can be skipped:
    a dict given for a string, or a string for a tuple (which would be checked per character),
    gets one problem that says what type is allowed.
    """
    ok = isinstance(value, expected) and not (isinstance(value, bool) and expected is int)
    if ok and item is not None and isinstance(value, (tuple, list)):
        bad = [i for i, element in enumerate(value) if not isinstance(element, item)]
        if bad:
            problems.add(f"{prop}[{bad[0]}]", value[bad[0]], type_name(item))
            return False
    if not ok:
        problems.add(prop, value, type_name(expected) + (f" of {type_name(item)}" if item is not None else ""))
    return ok
