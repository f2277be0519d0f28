# METADATA
# title: Images from allowed registries
# description: |
#   Images must come from the registries in data.lint_config.allowed_registries. An entry
#   matches an image's registry host ("ghcr.io"; Docker Hub images are "docker.io") or is a
#   prefix of the image ("ghcr.io/acme/"). With no allowed_registries configured the rule
#   finds nothing. (Gatekeeper allowedrepos, Kyverno restrict-image-registries.)
# scope: package
# custom:
#   id: img-allowed-registries
#   severity: high
#   kinds: [workloads]
#   remediation: Mirror the image into an allowed registry, or add its registry to lint_config.allowed_registries.
package images.allowed_registries

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

default _allowed := []

_allowed := data.lint_config.allowed_registries

_violations contains findings.problem(c.object, c.name, msg) if {
	count(_allowed) > 0
	some g in k8s.container_groups
	image := g.container.image
	not _is_allowed(image)
	msg := sprintf("image %q is from registry %q, not one of %v", [image, _registry(image), _allowed])
	some c in g.members
}

_is_allowed(image) if _registry(image) in _allowed

_is_allowed(image) if {
	some prefix in _allowed
	startswith(image, prefix)
}

# _registry is the host of an image reference: the first segment when it looks like a host.
_registry(image) := first if {
	parts := split(image, "/")
	count(parts) > 1
	first := parts[0]
	regex.match(`[.:]|^localhost$`, first)
} else := "docker.io"
