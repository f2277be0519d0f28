# METADATA
# title: No container runtime socket mounts
# description: |
#   A hostPath mount of the Docker, containerd or CRI-O socket (or the directory holding it)
#   gives full control of every container on the node. (Polaris, kube-linter docker-sock,
#   checkov CKV_K8S_27, Gatekeeper.)
# scope: package
# custom:
#   id: sec-runtime-socket
#   severity: critical
#   kinds: [workloads]
#   remediation: Remove the hostPath volume; talk to the cluster API instead of the runtime.
package security.runtime_socket

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

# Directories that hold a runtime socket: mounting them exposes the socket too.
_socket_dirs := {
	"/var/run", "/run", "/var/run/docker", "/run/docker", "/var/run/containerd",
	"/run/containerd", "/var/run/crio", "/run/crio", "/var/run/cri-dockerd", "/run/cri-dockerd",
}

_violations contains findings.problem(pod.object, null, msg) if {
	some pod in k8s.pods
	some volume in object.get(pod.spec, "volumes", [])
	path := volume.hostPath.path
	_runtime_socket(_clean(path))
	args := [k8s.pod_path(pod.object, "spec.volumes"), object.get(volume, "name", ""), path]
	msg := sprintf("%s volume %q has hostPath.path %q, a container runtime socket", args)
}

_clean(path) := "/" if trim_right(path, "/") == ""

_clean(path) := trim_right(path, "/") if trim_right(path, "/") != ""

_runtime_socket(path) if regex.match(`(docker|containerd|crio|cri-dockerd|podman|dockershim)\.sock$`, path)

_runtime_socket(path) if path in _socket_dirs
