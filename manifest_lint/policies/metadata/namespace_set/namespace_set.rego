# METADATA
# title: Namespace set
# description: |
#   A namespaced object without metadata.namespace lands in whatever namespace the deploying
#   client happens to use, often default. Namespaced built-in objects must name their namespace.
#   (kube-score, Kubescape.) Low severity: some tools (kustomize, Helm, Argo CD) set it on apply.
# scope: package
# custom:
#   id: meta-namespace-set
#   severity: low
#   kinds: [namespaced built-in kinds]
#   remediation: Set metadata.namespace to the application's own namespace.
package metadata.namespace_set

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(obj, null, "metadata.namespace is not set") if {
	some obj in k8s.namespaced_builtin_objects
	object.get(obj, ["metadata", "namespace"], "") == ""
}
