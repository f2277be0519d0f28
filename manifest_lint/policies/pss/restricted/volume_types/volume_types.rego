# METADATA
# title: Restricted volume types
# description: |
#   Pod Security Standards Restricted allows only these inline volume sources in spec.volumes:
#   configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and
#   secret. Any other source (hostPath, nfs, iscsi, gitRepo, ...) is forbidden. A volume that names
#   no source at all (only its name, or only null sources) is an emptyDir: the API server defaults
#   it to emptyDir: {} before admission, so Pod Security Admission admits it (upstream fixture
#   restricted/v1.37/pass/restrictedvolumes0.yaml), and so does this rule.
# scope: package
# custom:
#   id: pss-volume-types
#   severity: medium
#   pss: restricted
#   kinds: [workloads]
#   remediation: Use one of the allowed volume types, for example a persistentVolumeClaim instead of an nfs or hostPath volume.
package pss.restricted.volume_types

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_allowed := {
	"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
	"image", "persistentVolumeClaim", "projected", "secret",
}

_violations contains findings.problem(pod.object, null, detail) if {
	some pod in k8s.pods
	some i, volume in object.get(pod.spec, "volumes", [])
	sources := _sources(volume)
	count(sources) > 0
	count(sources & _allowed) == 0
	detail := sprintf("%s[%d] %q uses restricted volume type %s (allowed: %s)", [
		k8s.pod_path(pod.object, "spec.volumes"),
		i,
		object.get(volume, "name", ""),
		concat(", ", [sprintf("%q", [s]) | some s in sort(sources)]),
		concat(", ", sort(_allowed)),
	])
}

# _sources is the set of volume source fields a volume sets (everything but its name). It is empty
# for a volume that sets none, which the API server defaults to emptyDir (allowed).
_sources(volume) := {key |
	some key, value in volume
	key != "name"
	value != null
}
