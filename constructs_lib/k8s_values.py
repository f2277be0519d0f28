"""Cached Kubernetes value objects.

``k8s.Quantity.from_string`` and ``k8s.IntOrString.from_*`` are calls into the jsii
(Node.js) process, about a millisecond each. The objects are immutable values, so one per
distinct value is shared by every construct: rendering hundreds of services then makes a
few dozen of these calls instead of tens of thousands.
"""

from __future__ import annotations

from functools import cache

from cdk8s_plus_30 import k8s


@cache
def quantity(value: str) -> k8s.Quantity:
    return k8s.Quantity.from_string(value)


@cache
def int_or_string(value: int | str) -> k8s.IntOrString:
    return k8s.IntOrString.from_string(value) if isinstance(value, str) else k8s.IntOrString.from_number(value)
