"""What the API server accepts as names and labels, for the property tests of every shape."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
LABEL_KEY_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS_1035 = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
LABEL_NAMED = {"Namespace": DNS_LABEL, "Service": DNS_1035}
"""Kinds whose names must be a DNS label (RFC 1123, or RFC 1035 for Services); the rest are DNS subdomains."""


def check_label(key: str, value: Any, where: str) -> None:
    """A label (or selector) key and value the API server accepts."""
    prefix, _, name = key.rpartition("/")
    assert len(name) <= 63 and LABEL_KEY_NAME.match(name), f"{where}: label key {key!r}"
    assert not prefix or (len(prefix) <= 253 and DNS_SUBDOMAIN.match(prefix)), f"{where}: label key {key!r}"
    assert isinstance(value, str) and len(value) <= 63 and LABEL_VALUE.match(value), f"{where}: label {key}={value!r}"


def check_labels(labels: Mapping[str, Any], where: str) -> None:
    for key, value in labels.items():
        check_label(key, value, where)


def check_object_name(kind: str, name: str) -> None:
    """metadata.name as the kind requires: a DNS label for LABEL_NAMED kinds, else a DNS subdomain."""
    pattern = LABEL_NAMED.get(kind, DNS_SUBDOMAIN)
    assert len(name) <= (63 if kind in LABEL_NAMED else 253) and pattern.match(name), f"{kind} name {name!r}"
