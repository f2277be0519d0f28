"""Hypothesis profiles and run counts for the differential PSS tests only (see conftest.py).

The profile is chosen by HYPOTHESIS_PROFILE (dev by default, ci in CI). The profiles are
registered under their own names (pss-differential-dev, pss-differential-ci) and applied with a
settings decorator on the test, so a future top-level tests/conftest.py can own the global
"dev"/"ci" profiles without clashing with these.
"""

from __future__ import annotations

import os
from collections import Counter

from hypothesis import HealthCheck, Phase, settings

_COMMON = {
    "deadline": None,
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    "phases": [Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
}
# Each example is a batch of 16 to 40 pods.
settings.register_profile("pss-differential-dev", max_examples=8, **_COMMON)
settings.register_profile("pss-differential-ci", max_examples=100, derandomize=True, database=None, **_COMMON)

# Counts of the differential run, printed in the terminal summary (no need for -s).
DIFFERENTIAL_STATS: Counter = Counter()


def differential_profile() -> str:
    return "ci" if os.environ.get("HYPOTHESIS_PROFILE", "dev") == "ci" else "dev"


def differential_settings() -> settings:
    return settings.get_profile(f"pss-differential-{differential_profile()}")
