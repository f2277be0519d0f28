#!/usr/bin/env bash
# Builds promtool, pinned by tools/promtool/go.mod (github.com/prometheus/prometheus/cmd/promtool),
# into .tools/bin/promtool for tests/monitoring (`promtool check rules`, `promtool test rules`).
# Run by `make monitoring-setup` (a prerequisite of `make pytest`), never by `make render`.
#   -tags remove_all_sd  leaves out the service-discovery plugins (AWS, Azure, GCE, ...): the tests
#                        check and unit-test rule files only
#   -X .../version.Version  so `promtool --version` names the Prometheus release
# Skipped when go.mod, go.sum and this script have not changed and the binary answers with its
# version (a warm run takes a few milliseconds). Cold, on 2 cores: about 6 minutes (measured with an
# empty build cache: 5 min 50 s wall, 2 min 48 s user CPU; downloading the modules adds about 40 s).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
STAMPS=.tools/stamps
BIN=.tools/bin/promtool
mkdir -p "$STAMPS" .tools/bin

fingerprint() { cat "$@" | sha256sum | cut -c1-16; }
say() { echo "setup-monitoring: $*" >&2; }

# github.com/prometheus/prometheus v0.316.0 is Prometheus 3.16.0 (v0.3MM.P -> 3.MM.P).
module=$(sed -n 's/^[[:space:]]*github.com\/prometheus\/prometheus \(v0\.[0-9]*\.[0-9]*\)\( .*\)\{0,1\}$/\1/p' tools/promtool/go.mod)
[[ $module =~ ^v0\.([0-9])([0-9][0-9])\.([0-9]+)$ ]] ||
  { say "tools/promtool/go.mod does not require github.com/prometheus/prometheus v0.X.Y (found '$module')"; exit 1; }
release="${BASH_REMATCH[1]}.$((10#${BASH_REMATCH[2]})).${BASH_REMATCH[3]}"

key=$(fingerprint tools/promtool/go.mod tools/promtool/go.sum "${BASH_SOURCE[0]}")
if [[ -f $STAMPS/promtool && $(cat "$STAMPS/promtool") == "$key" && -x $BIN ]] && "$BIN" --version 2>/dev/null | grep -q "^promtool, version $release "; then
  exit 0
fi

say "building promtool $release (github.com/prometheus/prometheus $module; about 7 minutes the first time)"
(cd tools/promtool && GOFLAGS=-mod=readonly go build -trimpath -tags remove_all_sd \
  -ldflags "-s -w -X github.com/prometheus/common/version.Version=$release" \
  -o "$ROOT/$BIN.tmp" github.com/prometheus/prometheus/cmd/promtool)
"$BIN.tmp" --version | grep -q "^promtool, version $release " || { say "the built promtool is not $release"; exit 1; }
mv "$BIN.tmp" "$BIN"
echo "$key" >"$STAMPS/promtool"
say "built $BIN ($release)"
