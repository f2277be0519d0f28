# METADATA
# title: Rolling update can make progress
# description: |
#   With maxSurge and maxUnavailable both 0, a rolling update can neither add a new pod nor
#   remove an old one. Unset values take their defaults (Deployment 25% and 25%, DaemonSet
#   maxSurge 0 and maxUnavailable 1). (kube-score, Kyverno.)
# scope: package
# custom:
#   id: avail-rollout-progress
#   severity: high
#   kinds: [Deployment, DaemonSet]
#   remediation: Set maxSurge or maxUnavailable (or both) above 0.
package availability.rollout_progress

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_settings := {
	"Deployment": {"path": ["spec", "strategy", "rollingUpdate"], "maxSurge": "25%", "maxUnavailable": "25%"},
	"DaemonSet": {"path": ["spec", "updateStrategy", "rollingUpdate"], "maxSurge": 0, "maxUnavailable": 1},
}

_violations contains findings.problem(obj, null, msg) if {
	some kind, settings in _settings
	some obj in k8s.objects_of(kind)
	rolling := object.get(obj, settings.path, {})
	is_object(rolling)
	every field in ["maxSurge", "maxUnavailable"] {
		_is_zero(object.get(rolling, field, settings[field]))
	}
	msg := sprintf("%s.maxSurge and maxUnavailable are both 0", [concat(".", settings.path)])
}

_is_zero(0)

_is_zero(value) if {
	is_string(value)
	regex.match(`^0+%?$`, value)
}
