#!/usr/bin/env bash
# Builds Gatekeeper's CLI and our helper, pinned by tools/gator/go.mod, into .tools/bin/ for tests/gatekeeper
# (never by `make render` or scripts/setup.sh):
#   .tools/bin/gator          gator (github.com/open-policy-agent/gatekeeper/v3/cmd/gator), `gator --version` names the release
#   .tools/bin/constraintcrd  prints the CRD Gatekeeper creates for a ConstraintTemplate's Constraints (tools/gator/constraintcrd)
# Skipped when its stamp (.tools/stamps/gatekeeper) matches the pinned inputs. Cold, about 10 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

# The release the generator is written for (manifest_lint/gatekeeper/generate.py) is the one go.mod pins.
GATEKEEPER_VERSION=$(sed -n 's/^GATEKEEPER_VERSION = "\(v[0-9.]*\)"$/\1/p' manifest_lint/gatekeeper/generate.py)
[[ -n $GATEKEEPER_VERSION ]] || { echo "setup-gatekeeper: no GATEKEEPER_VERSION in manifest_lint/gatekeeper/generate.py" >&2; exit 1; }
grep -Eq "^\s*github.com/open-policy-agent/gatekeeper/v3 $GATEKEEPER_VERSION( |$)" tools/gator/go.mod ||
  { echo "setup-gatekeeper: tools/gator/go.mod does not require gatekeeper/v3 $GATEKEEPER_VERSION" >&2; exit 1; }

STAMPS=.tools/stamps
mkdir -p "$STAMPS" .tools/bin
fingerprint() { cat "$@" | sha256sum | cut -c1-16; }
key=$(fingerprint tools/gator/go.mod tools/gator/go.sum tools/gator/constraintcrd/*.go scripts/setup-gatekeeper.sh)
if [[ -f $STAMPS/gatekeeper && $(cat "$STAMPS/gatekeeper") == "$key" && -x .tools/bin/gator && -x .tools/bin/constraintcrd ]]; then
  exit 0
fi
echo "setup-gatekeeper: building gator $GATEKEEPER_VERSION and constraintcrd (tools/gator/go.mod; about 10 minutes the first time)" >&2
# Without -X gator calls itself "devel".
(cd tools/gator && go build -trimpath -ldflags "-s -w -X github.com/open-policy-agent/gatekeeper/v3/pkg/version.Version=$GATEKEEPER_VERSION" \
  -o "$ROOT/.tools/bin/gator" github.com/open-policy-agent/gatekeeper/v3/cmd/gator)
(cd tools/gator && go build -trimpath -o "$ROOT/.tools/bin/constraintcrd" ./constraintcrd)
.tools/bin/gator --version | grep -q "gator version $GATEKEEPER_VERSION " || { echo "setup-gatekeeper: gator is not $GATEKEEPER_VERSION" >&2; exit 1; }
echo "$key" >"$STAMPS/gatekeeper"
