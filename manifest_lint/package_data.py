"""Where the files shipped inside the package are: the policy pack and the pinned CRD schemas.

Both are package data, found beside this module (the package is installed as files, never
zipped: conftest reads the pack from disk), so an installed copy works from any folder exactly
as the checkout does. (``importlib.resources`` finds the same folder, at 7 ms of every start.)
"""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent

POLICIES_DIR = _ROOT / "policies"
"""The Rego policy pack: one package per rule, ``lib/`` shared by all."""

CRD_SCHEMA_DIR = _ROOT / "schemas" / "crds"
"""Strict JSON schemas of pinned custom resources (ArgoCD, Flux); see its README.md."""

CHECKOUT_ROOT = _ROOT.parent
"""The checkout, when the package runs from one (in an installed copy: site-packages)."""

CHECKOUT_TOOLS_BIN = CHECKOUT_ROOT / ".tools" / "bin"
"""Where the checkout's ``scripts/setup.sh`` installs the pinned Go tools (absent in an installed copy)."""
