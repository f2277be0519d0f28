# METADATA
# title: Rolling updates
# description: |
#   A Deployment with strategy Recreate stops every pod before starting new ones (downtime on
#   each rollout); a StatefulSet or DaemonSet with updateStrategy OnDelete never rolls out until
#   someone deletes the pods. (kube-score, Polaris.) Waive where Recreate is required, e.g. for a
#   ReadWriteOnce volume.
# scope: package
# custom:
#   id: avail-rolling-update
#   severity: low
#   kinds: [Deployment, StatefulSet, DaemonSet]
#   remediation: Use the RollingUpdate strategy (the default), or waive the rule with the reason.
package availability.rolling_update

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_fields := {"Deployment": "strategy", "StatefulSet": "updateStrategy", "DaemonSet": "updateStrategy"}

_violations contains findings.problem(obj, null, msg) if {
	some kind, field in _fields
	some obj in k8s.objects_of(kind)
	type := obj.spec[field].type
	type != "RollingUpdate"
	msg := sprintf("spec.%s.type is %q, want RollingUpdate", [field, type])
}
