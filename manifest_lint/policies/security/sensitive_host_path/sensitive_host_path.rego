# METADATA
# title: No sensitive hostPath mounts
# description: |
#   hostPath volumes of the node's root, /etc, /proc, /sys, /dev, /boot, /root, /home, the
#   kubelet, etcd or runtime state directories give a container the node's secrets or control
#   of it. (Polaris, Kubescape, Gatekeeper host-filesystem, checkov.)
# scope: package
# custom:
#   id: sec-sensitive-host-path
#   severity: high
#   kinds: [workloads]
#   remediation: Remove the hostPath volume, or use a narrower, non-sensitive path mounted read-only.
package security.sensitive_host_path

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

# A path is sensitive when it is one of these or lies under one (except "/", which must match exactly).
_sensitive := {
	"/etc", "/proc", "/sys", "/dev", "/boot", "/root", "/home", "/lib/modules",
	"/var/lib/kubelet", "/var/lib/etcd", "/etc/kubernetes", "/var/lib/docker",
	"/var/lib/containerd", "/var/lib/cni", "/etc/cni", "/opt/cni",
}

_violations contains findings.problem(pod.object, null, msg) if {
	some pod in k8s.pods
	some volume in object.get(pod.spec, "volumes", [])
	path := volume.hostPath.path
	_is_sensitive(_clean(path))
	args := [k8s.pod_path(pod.object, "spec.volumes"), object.get(volume, "name", ""), path]
	msg := sprintf("%s volume %q has hostPath.path %q, a sensitive node path", args)
}

_clean(path) := "/" if trim_right(path, "/") == ""

_clean(path) := trim_right(path, "/") if trim_right(path, "/") != ""

_is_sensitive("/")

_is_sensitive(path) if path in _sensitive

_is_sensitive(path) if {
	some prefix in _sensitive
	startswith(path, concat("", [prefix, "/"]))
}
