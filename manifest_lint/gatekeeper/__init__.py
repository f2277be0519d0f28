"""The policy pack at admission: Gatekeeper ConstraintTemplates and Constraints from the same Rego.

``generate(Settings(...))`` gives every template and Constraint (``generate.py`` says how they
are made); ``python -m manifest_lint.gatekeeper`` writes them. ``CI_ONLY`` lists the rules that
run in CI only, with the reason.
"""

from manifest_lint.gatekeeper.generate import (
    CI_ONLY,
    GATEKEEPER_VERSION,
    Admission,
    GatekeeperError,
    Settings,
    ci_only,
    generate,
    kind_of,
    template_name,
)

__all__ = ["CI_ONLY", "GATEKEEPER_VERSION", "Admission", "GatekeeperError", "Settings", "ci_only", "generate", "kind_of", "template_name"]
