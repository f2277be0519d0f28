# METADATA
# title: Not in the default namespace
# description: |
#   The default namespace mixes unrelated workloads under one set of RBAC, quotas and network
#   policies. Namespaced built-in objects must not be placed in it. (Polaris, Kubescape,
#   checkov CKV_K8S_21.)
# scope: package
# custom:
#   id: meta-default-namespace
#   severity: medium
#   kinds: [namespaced built-in kinds]
#   remediation: Set metadata.namespace to the application's own namespace.
package metadata.default_namespace

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(obj, null, `metadata.namespace is "default"`) if {
	some obj in k8s.namespaced_builtin_objects
	object.get(obj, ["metadata", "namespace"], "") == "default"
}
