# METADATA
# title: Kinds that Kubernetes and the input's CRDs define
# description: |
#   The apiVersion and kind are served by no supported Kubernetes version, defined by no pinned
#   CRD schema and by no CustomResourceDefinition in the input: a typo (Deploymnet), an API
#   removed long ago, or a custom resource whose CRD is elsewhere. No other rule or schema can
#   check such an object, and a cluster would refuse it. manifest-lint works out which kinds are
#   unknown (data.lint_facts.unknown_kinds: "apiVersion kind" -> a hint); plain conftest,
#   without those facts, never reports this rule.
# scope: package
# custom:
#   id: unknown-kind
#   severity: high
#   kinds: [all]
#   remediation: Fix the kind or apiVersion; for a custom resource, lint its CustomResourceDefinition with it (or waive with the reason).
package metadata.known_kind

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(obj, null, detail) if {
	# data.lint_facts is supplied by manifest-lint at run time (plain conftest runs have none).
	# Its few unknown kinds come first: most runs have none, and then no object is looked at.
	# regal ignore:unresolved-reference
	some api_kind, hint in data.lint_facts.unknown_kinds
	some kind, objects in k8s.objects_by_kind
	endswith(api_kind, sprintf(" %s", [kind]))
	some obj in objects
	sprintf("%v %v", [object.get(obj, "apiVersion", ""), obj.kind]) == api_kind
	args := [object.get(obj, "apiVersion", ""), obj.kind, hint]
	detail := sprintf("%v %v is not a kind that Kubernetes 1.30 and later, the pinned CRDs or a CRD in the input define%v", args)
}
