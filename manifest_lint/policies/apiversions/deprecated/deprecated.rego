# METADATA
# title: Deprecated API versions
# description: |
#   An object whose apiVersion the target Kubernetes release (data.lint_config.kube_version,
#   default "1.37") still serves but has deprecated will stop working when the API is removed;
#   the message names that release. (Kubernetes Deprecated API Migration Guide, pluto.)
# scope: package
# custom:
#   id: api-deprecated-version
#   severity: medium
#   kinds: [any built-in kind with a deprecated version]
#   remediation: Migrate the object to the replacement apiVersion named in the message before the target cluster is upgraded.
package apiversions.deprecated

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
	table.deprecated_in_target(row)
	args := [row.api, row.kind, row.deprecated, _removal(row), table.target, row.replacement]
	msg := sprintf("apiVersion %q of %s is deprecated since Kubernetes %s and %s (target %s); use %s", args)
}

_removal(row) := sprintf("goes away in %s", [row.removed]) if row.removed != null

_removal(row) := "has no removal scheduled yet" if row.removed == null
