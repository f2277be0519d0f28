# METADATA
# title: Image tag set and not latest
# description: |
#   An image without a tag, or with the tag "latest", can change under a running workload and
#   makes rollbacks and audits impossible. Images pinned by digest pass.
#   (Polaris tagNotSpecified, kube-linter latest-tag, kube-score, checkov CKV_K8S_14.)
# scope: package
# custom:
#   id: img-latest-tag
#   severity: high
#   kinds: [workloads]
#   remediation: Use an immutable version tag (e.g. nginx:1.27.3) or pin the image by digest.
package images.latest_tag

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, msg) if {
	some g in k8s.container_groups
	image := g.container.image
	not contains(image, "@")
	not _pinned_tag(image)
	msg := sprintf("image %q has no tag or the tag latest", [image])
	some c in g.members
}

# The tag is what follows ":" in the last path segment (a ":" before it is a registry port).
_pinned_tag(image) if {
	segments := split(image, "/")
	parts := split(segments[count(segments) - 1], ":")
	count(parts) == 2
	not parts[1] in {"", "latest"}
}
