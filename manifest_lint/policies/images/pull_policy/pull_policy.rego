# METADATA
# title: Explicit imagePullPolicy
# description: |
#   When imagePullPolicy is unset, Kubernetes picks Always or IfNotPresent from the tag, so the
#   behaviour changes silently with the tag. The policy must be set explicitly to Always or
#   IfNotPresent; Never (the image must already be on the node) is flagged too. kube-score
#   demands Always; with immutable tags (img-latest-tag) IfNotPresent is just as safe and
#   cheaper, so both are accepted.
# scope: package
# custom:
#   id: img-pull-policy
#   severity: low
#   kinds: [workloads]
#   remediation: Set imagePullPolicy to IfNotPresent (immutable tags) or Always.
package images.pull_policy

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, msg) if {
	some g in k8s.container_groups
	not object.get(g.container, "imagePullPolicy", "") in {"Always", "IfNotPresent"}
	msg := sprintf("imagePullPolicy is %v, want Always or IfNotPresent", [object.get(g.container, "imagePullPolicy", "not set")])
	some c in g.members
}
