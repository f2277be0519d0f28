# METADATA
# title: No escalate, bind or impersonate
# description: |
#   escalate and bind let a subject grant itself permissions it does not hold; impersonate
#   lets it act as any user, group or service account. A rule grants them by naming them in
#   verbs, or with verbs "*" on a resource they apply to: roles and clusterroles of
#   rbac.authorization.k8s.io (escalate, bind), users, groups and serviceaccounts of the core
#   group, uids and userextras of authentication.k8s.io (impersonate); "*" in apiGroups or
#   resources matches every group or resource. (kube-linter, Kubescape, checkov.)
# scope: package
# custom:
#   id: rbac-escalation-verbs
#   severity: high
#   kinds: [Role, ClusterRole]
#   remediation: Remove the escalate, bind and impersonate verbs, and list exact verbs instead of "*" on roles and identities.
package rbac.escalation_verbs

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_escalation_verbs := {"escalate", "bind", "impersonate"}

# The resources, by API group, that each escalation verb applies to.
_targets := {
	"escalate": {"rbac.authorization.k8s.io": {"roles", "clusterroles"}},
	"bind": {"rbac.authorization.k8s.io": {"roles", "clusterroles"}},
	"impersonate": {"": {"users", "groups", "serviceaccounts"}, "authentication.k8s.io": {"uids", "userextras"}},
}

# _rules is every policy rule of a Role or ClusterRole, with its index for messages.
_rules contains [obj, i, rule] if {
	some obj in k8s.objects_of_kinds({"Role", "ClusterRole"})
	startswith(obj.apiVersion, "rbac.authorization.k8s.io/")
	some i, rule in object.get(obj, "rules", [])
}

_violations contains findings.problem(obj, null, msg) if {
	some [obj, i, rule] in _rules
	some verb in object.get(rule, "verbs", [])
	verb in _escalation_verbs
	msg := sprintf("rules[%d].verbs includes %q (on %v)", [i, verb, object.get(rule, "resources", [])])
}

_violations contains findings.problem(obj, null, msg) if {
	some [obj, i, rule] in _rules
	"*" in object.get(rule, "verbs", [])
	granted := {verb | some verb in _escalation_verbs; _applies(verb, rule)}
	count(granted) > 0
	args := [i, concat(", ", [sprintf("%q", [v]) | some v in sort(granted)]), object.get(rule, "resources", [])]
	msg := sprintf(`rules[%d].verbs includes "*", which grants %s (on %v)`, args)
}

# _applies holds when one of the rule's (apiGroup, resource) pairs is a target of the verb.
_applies(verb, rule) if {
	some group in object.get(rule, "apiGroups", [])
	some target_group, resources in _targets[verb]
	group in {target_group, "*"}
	some resource in object.get(rule, "resources", [])
	_resource_matches(resource, resources)
}

_resource_matches("*", _)

_resource_matches(resource, resources) if resource in resources

# Subresources such as userextras/scopes.
_resource_matches(resource, resources) if {
	some r in resources
	startswith(resource, concat("", [r, "/"]))
}
