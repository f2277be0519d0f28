"""Where the files shipped inside the package are: the policy pack and the pinned CRD schemas.

Both are package data, found through ``importlib.resources``, so an installed copy works
from any folder exactly as the checkout does.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_ROOT = Path(str(resources.files("manifest_lint")))

POLICIES_DIR = _ROOT / "policies"
"""The Rego policy pack: one package per rule, ``lib/`` shared by all."""

CRD_SCHEMA_DIR = _ROOT / "schemas" / "crds"
"""Strict JSON schemas of pinned custom resources (ArgoCD, Flux); see its README.md."""

CHECKOUT_ROOT = _ROOT.parent
"""The checkout, when the package runs from one (in an installed copy: site-packages)."""

CHECKOUT_TOOLS_BIN = CHECKOUT_ROOT / ".tools" / "bin"
"""Where the checkout's ``scripts/setup.sh`` installs the pinned Go tools (absent in an installed copy)."""
