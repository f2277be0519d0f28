# METADATA
# title: Removed API versions
# description: |
#   An object whose apiVersion is no longer served by the target Kubernetes release
#   (data.lint_config.kube_version, default "1.37") cannot be applied at all.
#   (Kubernetes Deprecated API Migration Guide, Polaris/pluto, kube-linter no-extensions-v1beta.)
# scope: package
# custom:
#   id: api-removed-version
#   severity: high
#   kinds: [any built-in kind with a removed version]
#   remediation: Migrate the object to the replacement apiVersion named in the message (kubectl convert can help).
package apiversions.removed

import data.apiversions.table
import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(obj, null, msg) if {
	some entry in table.listed
	obj := entry.object
	row := entry.row
	table.removed_in_target(row)
	args := [row.api, row.kind, row.removed, table.target, row.replacement]
	msg := sprintf("apiVersion %q of %s was removed in Kubernetes %s (target %s); use %s", args)
}
