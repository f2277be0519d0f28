# The two commands of the README:
#   make render   set up, render dist/ for every environment, validate it (schemas + policy pack)
#   make test     set up, then lint, type-check, verify the policy pack and run every test
# Both run scripts/setup.sh first, which installs only what changed.

PYTHON := .venv/bin/python
POLICIES := manifest_lint/policies
CONFTEST := .tools/bin/conftest
REGAL := .tools/bin/regal

.PHONY: setup test-setup render synth test lint policy-test pytest docs bench

setup:
	@bash scripts/setup.sh

render: setup
	$(PYTHON) main.py

# The same render through the cdk8s CLI (`cdk8s synth`); identical dist/.
synth: setup
	scripts/cdk8s synth

lint: setup
	.venv/bin/ruff check .
	.venv/bin/mypy

policy-test: setup
	$(CONFTEST) fmt --check $(POLICIES)
	$(CONFTEST) verify --no-color -p $(POLICIES)
	$(REGAL) lint --format compact $(POLICIES)

# tests/realworld lints public manifests pinned by tools/realworld/go.mod, downloaded by this set-up.
test-setup:
	@bash scripts/setup-tests.sh

# tests/cluster and tests/differential start a real API server: Kubernetes, etcd and kwok, pinned by
# tools/k8s/, built once into .tools/k8s/ (10 to 25 minutes cold on 2 cores; `make render` never builds them).
cluster-setup:
	@bash scripts/setup-cluster.sh

# tests/monitoring runs promtool, pinned by tools/promtool/go.mod, built once into .tools/bin/promtool
# (about 7 minutes cold; `make render` never builds it).
monitoring-setup:
	@bash scripts/setup-monitoring.sh

# tests/gatekeeper runs Gatekeeper's gator, pinned by tools/gator/go.mod, built once into .tools/bin/gator
# (about 10 minutes cold; `make render` never builds it).
gatekeeper-setup:
	@bash scripts/setup-gatekeeper.sh

pytest: setup test-setup cluster-setup monitoring-setup gatekeeper-setup
	$(PYTHON) -m pytest

test: lint policy-test pytest

docs: setup
	$(PYTHON) -m manifest_lint.catalog --write

bench: setup
	$(PYTHON) bench/run.py
