#!/usr/bin/env bash
# Builds the real-cluster binaries the tests in tests/cluster and tests/differential start,
# pinned, into .tools/k8s/ (never by `make render` or scripts/setup.sh):
#   .tools/k8s/kubernetes-v1.37.2/  kube-apiserver, kube-controller-manager, kube-scheduler, kubectl
#                                   (tools/k8s/kubernetes/go.mod)
#   .tools/k8s/etcd-v3.7.3/         etcd (tools/k8s/etcd/go.mod)
#   .tools/k8s/kwok-v0.8.0/         kwok (go install sigs.k8s.io/kwok/cmd/kwok@v0.8.0) and stages.yaml,
#                                   its node and pod stages from the kwok module
#   .tools/k8s/argo-cd-v3.5.7/crds/ the ArgoCD CRDs (github.com/argoproj/argo-cd/v3, manifests/crds)
#   .tools/k8s/prometheus-operator-v0.85.0/crds/  the Prometheus Operator CRDs (ServiceMonitor,
#                                   PrometheusRule, ...; the version of manifest_lint/schemas/crds)
#   .tools/k8s/gatekeeper-<version>/crds/  Gatekeeper's ConstraintTemplate CRD, at the release
#                                   manifest_lint/gatekeeper/generate.py names (for dist/gatekeeper)
#   .tools/k8s/pod-security-admission-v0.37.2/testdata/  upstream's Pod Security fixtures
# Each step is skipped when its stamp (.tools/stamps/) matches its pinned inputs (a warm run takes
# a tenth of a second). Cold, on 2 cores, the build takes 10 to 25 minutes (measured: 22.7 min wall,
# 12.4 min CPU, on a machine busy with other work): Kubernetes most of it, then kwok and etcd;
# about 3 GB of memory and 4 GB of build cache.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

KUBERNETES_VERSION=v1.37.2
ETCD_VERSION=v3.7.3
KWOK_VERSION=v0.8.0
ARGOCD_VERSION=v3.5.7
PROMETHEUS_OPERATOR_VERSION=v0.85.0
PSA_VERSION=v0.37.2

STAMPS=.tools/stamps
OUT=.tools/k8s
mkdir -p "$STAMPS" "$OUT"

fingerprint() { cat "$@" | sha256sum | cut -c1-16; }
hash_of() { echo "$*" | sha256sum | cut -c1-16; }
fresh() { [[ -f $STAMPS/$1 && $(cat "$STAMPS/$1") == "$2" ]]; }
done_step() { echo "$2" >"$STAMPS/$1"; }
say() { echo "setup-cluster: $*" >&2; }
mod_dir() { go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'; }

# The version the module pins must be the one this script names.
grep -Eq "^\s*k8s.io/kubernetes $KUBERNETES_VERSION( |$)" tools/k8s/kubernetes/go.mod ||
  { say "tools/k8s/kubernetes/go.mod does not require k8s.io/kubernetes $KUBERNETES_VERSION"; exit 1; }
grep -Eq "^\s*go.etcd.io/etcd/server/v3 $ETCD_VERSION( |$)" tools/k8s/etcd/go.mod ||
  { say "tools/k8s/etcd/go.mod does not require go.etcd.io/etcd/server/v3 $ETCD_VERSION"; exit 1; }

# Kubernetes. Without -X the binaries call themselves v0.0.0-master.
bin=$OUT/kubernetes-$KUBERNETES_VERSION
minor=${KUBERNETES_VERSION#v1.}; minor=${minor%%.*}
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBERNETES_VERSION -X k8s.io/component-base/version.gitMajor=1"
ldflags+=" -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/client-go/pkg/version.gitVersion=$KUBERNETES_VERSION"
ldflags+=" -X k8s.io/component-base/version.gitTreeState=clean"
key=$(hash_of "$(fingerprint tools/k8s/kubernetes/go.mod tools/k8s/kubernetes/go.sum)" "$ldflags")
if ! fresh kubernetes "$key" || [[ ! -x $bin/kube-apiserver || ! -x $bin/kubectl || ! -x $bin/kube-controller-manager || ! -x $bin/kube-scheduler ]]; then
  say "building Kubernetes $KUBERNETES_VERSION (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl; 5 to 20 minutes the first time)"
  rm -rf "$bin.tmp" && mkdir -p "$bin.tmp"
  (cd tools/k8s/kubernetes && go build -trimpath -ldflags "$ldflags" -o "$ROOT/$bin.tmp/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl)
  "$bin.tmp/kube-apiserver" --version | grep -qx "Kubernetes $KUBERNETES_VERSION" || { say "kube-apiserver is not $KUBERNETES_VERSION"; exit 1; }
  rm -rf "$bin" && mv "$bin.tmp" "$bin"
  done_step kubernetes "$key"
fi

# etcd.
bin=$OUT/etcd-$ETCD_VERSION
key=$(fingerprint tools/k8s/etcd/go.mod tools/k8s/etcd/go.sum)
if ! fresh etcd "$key" || [[ ! -x $bin/etcd ]]; then
  say "building etcd $ETCD_VERSION"
  mkdir -p "$bin"
  (cd tools/k8s/etcd && go build -trimpath -ldflags "-s -w" -o "$ROOT/$bin/etcd.tmp" go.etcd.io/etcd/server/v3)
  mv "$bin/etcd.tmp" "$bin/etcd"
  done_step etcd "$key"
fi

# kwok and the stages it needs to act as kubelets (the binary ships none).
bin=$OUT/kwok-$KWOK_VERSION
STAGES="node-initialize node-heartbeat pod-ready pod-complete pod-delete"
key=$(hash_of "$KWOK_VERSION" "$STAGES")
if ! fresh kwok "$key" || [[ ! -x $bin/kwok || ! -f $bin/stages.yaml ]]; then
  say "building kwok $KWOK_VERSION"
  mkdir -p "$bin"
  GOBIN="$ROOT/$bin" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  dir=$(mod_dir "sigs.k8s.io/kwok@$KWOK_VERSION")
  : >"$bin/stages.yaml.tmp"
  for stage in $STAGES; do
    file=$(find "$dir/kustomize/stage" -name "$stage.yaml" | sort | head -1)
    [[ -n $file ]] || { say "no $stage.yaml under $dir/kustomize/stage"; exit 1; }
    { echo "---"; cat "$file"; } >>"$bin/stages.yaml.tmp"
  done
  mv "$bin/stages.yaml.tmp" "$bin/stages.yaml"
  done_step kwok "$key"
fi

# Data from Go modules: ArgoCD's CRDs and upstream's Pod Security fixtures, copied out of the
# (read-only) module cache so the tests need no Go.
copy_from_module() { # stamp module@version from-folder to-folder
  local key
  key=$(hash_of "$2" "$3")
  if ! fresh "$1" "$key" || [[ ! -d $4 ]]; then
    say "copying $3 of $2"
    local dir
    dir=$(mod_dir "$2")
    [[ -d $dir/$3 ]] || { say "no $3 in $dir"; exit 1; }
    rm -rf "$4" && mkdir -p "$(dirname "$4")"
    cp -r "$dir/$3" "$4" && chmod -R u+w "$4"
    done_step "$1" "$key"
  fi
}
copy_from_module argocd-crds "github.com/argoproj/argo-cd/v3@$ARGOCD_VERSION" manifests/crds "$OUT/argo-cd-$ARGOCD_VERSION/crds"
copy_from_module prometheus-operator-crds "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION" \
  example/prometheus-operator-crd "$OUT/prometheus-operator-$PROMETHEUS_OPERATOR_VERSION/crds"
# Gatekeeper's ConstraintTemplate CRD, at the release the generator of dist/gatekeeper is written for.
GATEKEEPER_VERSION=$(sed -n 's/^GATEKEEPER_VERSION = "\(v[0-9.]*\)"$/\1/p' manifest_lint/gatekeeper/generate.py 2>/dev/null || true)
if [[ -n $GATEKEEPER_VERSION ]]; then
  key=$(hash_of "gatekeeper $GATEKEEPER_VERSION")
  to=$OUT/gatekeeper-$GATEKEEPER_VERSION/crds
  if ! fresh gatekeeper-crds "$key" || [[ ! -f $to/constrainttemplate-customresourcedefinition.yaml ]]; then
    say "copying the ConstraintTemplate CRD of github.com/open-policy-agent/gatekeeper/v3@$GATEKEEPER_VERSION"
    dir=$(mod_dir "github.com/open-policy-agent/gatekeeper/v3@$GATEKEEPER_VERSION")
    mkdir -p "$to" && cp "$dir/config/crd/bases/constrainttemplate-customresourcedefinition.yaml" "$to/" && chmod u+w "$to"/*
    done_step gatekeeper-crds "$key"
  fi
fi
copy_from_module psa-testdata "k8s.io/pod-security-admission@$PSA_VERSION" test/testdata "$OUT/pod-security-admission-$PSA_VERSION/testdata"
