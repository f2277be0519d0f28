# METADATA
# title: No creating pods or pod controllers
# description: |
#   Whoever can create a pod (directly or through a Deployment, StatefulSet, DaemonSet,
#   ReplicaSet, Job, CronJob or ReplicationController) can run any image with any service
#   account of the namespace, and so read its secrets. A "*" in apiGroups or resources counts
#   as every group or resource, and verb "*" as create. (kube-linter access-to-create-pods,
#   Kubescape.)
# scope: package
# custom:
#   id: rbac-create-pods
#   severity: medium
#   kinds: [Role, ClusterRole]
#   remediation: Grant create on pods and workload controllers only to deployment tooling, and waive the rule there.
package rbac.create_pods

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

# The resources that create pods, by API group.
_pod_creators := {
	"": {"pods", "replicationcontrollers"},
	"apps": {"deployments", "statefulsets", "daemonsets", "replicasets"},
	"batch": {"jobs", "cronjobs"},
}

# _rules is every policy rule of a Role or ClusterRole, with its index for messages.
_rules contains [obj, i, rule] if {
	some obj in k8s.objects_of_kinds({"Role", "ClusterRole"})
	startswith(obj.apiVersion, "rbac.authorization.k8s.io/")
	some i, rule in object.get(obj, "rules", [])
}

_violations contains findings.problem(obj, null, msg) if {
	some [obj, i, rule] in _rules
	some group in object.get(rule, "apiGroups", [])
	some resource in object.get(rule, "resources", [])
	_creates_pods(group, resource)
	some verb in object.get(rule, "verbs", [])
	verb in {"create", "*"}
	msg := sprintf("rules[%d] grants %q on %q in apiGroup %q", [i, verb, resource, group])
}

_creates_pods(group, resource) if resource in _pod_creators[group]

_creates_pods("*", resource) if {
	some resources in _pod_creators
	resource in resources
}

# resources "*" covers the pod creators of any group that has some ("*" included).
_creates_pods(group, "*") if _pod_creators[group]

_creates_pods("*", "*")
