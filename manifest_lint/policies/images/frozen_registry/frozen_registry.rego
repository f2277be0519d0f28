# METADATA
# title: No images from the frozen k8s.gcr.io registry
# description: |
#   k8s.gcr.io was frozen in April 2023 and is being shut down; its images get no updates and
#   pulls may fail. The community images live at registry.k8s.io. (Kyverno
#   restrict-image-registries k8s.gcr.io, Kubescape.)
# scope: package
# custom:
#   id: img-frozen-registry
#   severity: medium
#   kinds: [workloads]
#   remediation: Replace k8s.gcr.io with registry.k8s.io in the image reference.
package images.frozen_registry

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, msg) if {
	some g in k8s.container_groups
	image := g.container.image
	regex.match(`^([a-z0-9-]+\.)?k8s\.gcr\.io/`, image)
	msg := sprintf("image %q is from the frozen k8s.gcr.io registry; use registry.k8s.io", [image])
	some c in g.members
}
