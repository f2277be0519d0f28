"""manifest-lint: lint any Kubernetes manifests with the OPA Rego pack (run by the real conftest) and strict schemas.

``manifest-lint PATH...`` (or ``python -m manifest_lint``) is the command; ``lint_documents``
in ``manifest_lint.lint`` is the library entry point, and ``manifest_lint.gate.check_tree``
the gate a render passes before it is published. This package never imports cdk8s or jsii.
"""

__version__ = "0.2.0"
