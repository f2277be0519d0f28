#!/usr/bin/env bash
# Set-up for tests/realworld: the public manifests of well-known projects, pinned by
# tools/realworld/go.mod and go.sum and downloaded (never committed) as Go module archives.
#   go mod download   fetches each pinned module into the Go module cache; go.sum must already
#                     hold its hash (-mod=readonly: a missing or different hash is an error)
#   go mod verify     checks that the extracted trees in the cache still match go.sum
#   .tools/realworld/index.json
#                     project -> module, version, its folder in the module cache ("root") and
#                     its lint runs (each a list of absolute paths), so the tests need no Go
# Skipped when go.mod, go.sum and this script have not changed and every folder is still there,
# so a second run takes well under a second.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
STAMPS=.tools/stamps
OUT=.tools/realworld
INDEX=$OUT/index.json
mkdir -p "$STAMPS" "$OUT"

fingerprint() { cat "$@" | sha256sum | cut -c1-16; }
say() { echo "setup-tests: $*" >&2; }
python=$(command -v python3 || echo .venv/bin/python)

# What to lint, per project: "name module run..." where each run is one lint of one or more files
# or folders (paths or globs relative to the module's root, joined by commas; a glob alone makes
# one run per path it matches). Alternative install sets of one project (argo-cd's install.yaml and
# namespace-install.yaml, each ingress-nginx provider, each prometheus-operator example) are separate
# runs: linted together they would be one input with many objects twice (cross-duplicate-object).
PROJECTS=(
  "argo-cd github.com/argoproj/argo-cd/v3 manifests/install.yaml manifests/namespace-install.yaml manifests/core-install.yaml manifests/ha/install.yaml manifests/ha/namespace-install.yaml manifests/base,manifests/crds,manifests/cluster-rbac,manifests/ha/base"
  "cert-manager github.com/cert-manager/cert-manager deploy/crds,deploy/manifests"
  "ingress-nginx k8s.io/ingress-nginx deploy/static/provider/*/deploy.yaml deploy/static/provider/aws/nlb-with-tls-termination/deploy.yaml deploy/prometheus,deploy/grafana"
  "metrics-server sigs.k8s.io/metrics-server manifests"
  "prometheus-operator github.com/prometheus-operator/prometheus-operator bundle.yaml example/rbac example/non-rbac example/admission-webhook example/additional-scrape-configs example/networkpolicies example/shards example/storage example/thanos example/user-guides/alerting example/user-guides/getting-started example/user-guides/scrapeclass"
)

index_complete() {
  [[ -f $INDEX ]] && "$python" - "$INDEX" <<'PY'
import json, os, sys
index = json.load(open(sys.argv[1]))
sys.exit(0 if all(os.path.exists(path) for p in index.values() for run in p["runs"] for path in run) else 1)
PY
}

key=$(fingerprint tools/realworld/go.mod tools/realworld/go.sum "${BASH_SOURCE[0]}")
if [[ -f $STAMPS/realworld && $(cat "$STAMPS/realworld") == "$key" ]] && index_complete; then
  exit 0
fi

say "downloading the pinned real-world manifests (tools/realworld/go.mod)"
modules=()
for project in "${PROJECTS[@]}"; do
  read -r -a fields <<<"$project"
  modules+=("${fields[1]}")
done
sum_before=$(fingerprint tools/realworld/go.sum)
if ! downloads=$(cd tools/realworld && GOFLAGS=-mod=readonly go mod download -json "${modules[@]}"); then
  echo "$downloads" >&2
  say "go mod download failed (see the Error above)"
  exit 1
fi
# go mod download adds a missing hash to go.sum (from sum.golang.org) instead of failing: a pin
# that go.sum did not hold is an error here, so what is linted is what was reviewed.
if [[ $(fingerprint tools/realworld/go.sum) != "$sum_before" ]]; then
  say "tools/realworld/go.sum lacked the hash of a module of go.mod; go added it: review and commit it, then run again"
  exit 1
fi
(cd tools/realworld && GOFLAGS=-mod=readonly go mod verify >/dev/null)

"$python" - "$INDEX" "$downloads" "${PROJECTS[@]}" <<'PY'
import glob, json, os, sys

index_path, downloads, projects = sys.argv[1], sys.argv[2], sys.argv[3:]
decoder, pos, dirs = json.JSONDecoder(), 0, {}
while pos < len(downloads):
    if downloads[pos].isspace():
        pos += 1
        continue
    module, pos = decoder.raw_decode(downloads, pos)
    if module.get("Error"):
        sys.exit(f"setup-tests: {module['Path']}: {module['Error']}")
    dirs[module["Path"]] = module
index = {}
for line in projects:
    name, path, *specs = line.split()
    module = dirs[path]
    root = module["Dir"]
    runs = []
    for spec in specs:
        matches = []
        for pattern in spec.split(","):
            found = sorted(glob.glob(os.path.join(glob.escape(root), pattern)))
            if not found:
                sys.exit(f"setup-tests: {name}: nothing matches {pattern} in {path}@{module['Version']}")
            matches.append(found)
        # A glob alone makes one run per path it matches; paths joined by commas make one run.
        runs += [[p for m in matches for p in m]] if "," in spec else [[p] for p in matches[0]]
    index[name] = {"module": path, "version": module["Version"], "root": root, "runs": runs}
tmp = index_path + ".tmp"
with open(tmp, "w") as out:
    json.dump(index, out, indent=2, sort_keys=True)
    out.write("\n")
os.replace(tmp, index_path)
PY
echo "$key" >"$STAMPS/realworld"
say "wrote $INDEX"
