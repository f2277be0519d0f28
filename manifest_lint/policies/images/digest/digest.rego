# METADATA
# title: Image pinned by digest
# description: |
#   Even version tags can be moved. An image pinned by digest (image@sha256:...) always runs the
#   same bytes. Low severity: many teams pin by tag and sign images instead.
#   (checkov CKV_K8S_43, on by default there; Kyverno require-image-digest, Kubescape. Polaris
#   10.2.2, kube-linter 0.8.3 and kube-score 1.20.0 have no digest check.)
#   Opt-in: it reports only when data.lint_config.require_image_digest is true, because pinning
#   by digest is a release-process choice and an immutable tag is an accepted pin.
# scope: package
# custom:
#   id: img-digest
#   severity: low
#   kinds: [workloads]
#   remediation: Reference the image as name:tag@sha256:<digest>.
package images.digest

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

default _enabled := false

_enabled := data.lint_config.require_image_digest

_violations contains findings.problem(c.object, c.name, msg) if {
	_enabled == true
	some g in k8s.container_groups
	image := g.container.image
	not regex.match(`@sha256:[a-f0-9]{64}$`, image)
	msg := sprintf("image %q is not pinned by a sha256 digest", [image])
	some c in g.members
}
