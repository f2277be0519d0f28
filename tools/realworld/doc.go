//go:build realworld_manifests

// Package realworld only pins, in go.mod, public modules whose archives carry Kubernetes
// manifests for tests/realworld; the build tag keeps it out of every build.
package realworld
