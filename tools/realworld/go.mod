// Public projects whose module archives carry their Kubernetes manifests (YAML), pinned for
// tests/realworld: scripts/setup-tests.sh downloads them with `go mod download`, which checks
// go.sum. Nothing here is built (doc.go is behind a build tag). Do not `go mod tidy`: with no
// imports it would drop every requirement.
module omnitide.dev/control-panel/tools/realworld

go 1.26

require (
	// argo-cd: manifests/ (install.yaml, namespace-install.yaml, core-install.yaml, ha/, base/, crds/)
	github.com/argoproj/argo-cd/v3 v3.5.7
	// cert-manager: deploy/crds/ and deploy/manifests/ (the rest of deploy/ is its Helm chart)
	github.com/cert-manager/cert-manager v1.21.2
	// prometheus-operator: example/ and bundle.yaml (kube-prometheus is refused by the proxy: 403)
	github.com/prometheus-operator/prometheus-operator v0.85.0
	// ingress-nginx: deploy/static/provider/*/deploy.yaml of controller v1.11.0 (the repository
	// tags controller-vX.Y.Z, not module versions: the proxy serves this pseudo-version only)
	k8s.io/ingress-nginx v0.0.0-20240708192948-52c50467d67d
	// metrics-server: manifests/ (Kustomize base, components and overlays)
	sigs.k8s.io/metrics-server v0.9.0
)
