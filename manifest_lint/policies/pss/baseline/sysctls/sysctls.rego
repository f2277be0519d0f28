# METADATA
# title: Unsafe sysctls
# description: |
#   Sysctls can disable security mechanisms or affect every pod on the node. Pod Security
#   Standards Baseline (Kubernetes 1.37) allows spec.securityContext.sysctls[*].name only from
#   the safe, namespaced set below. Names are compared exactly, as upstream does (a slash-separated
#   name such as "net/ipv4/tcp_syncookies" is not in the set).
# scope: package
# custom:
#   id: pss-sysctls
#   severity: medium
#   pss: baseline
#   kinds: [workloads]
#   remediation: Remove the sysctl from spec.securityContext.sysctls, or set it on the node instead.
package pss.baseline.sysctls

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

# The set of k8s.io/pod-security-admission policy/check_sysctls.go at 1.37 (sysctlsAllowedV1Dot37).
_allowed := {
	"kernel.shm_rmid_forced",
	"net.ipv4.ip_local_port_range",
	"net.ipv4.tcp_syncookies",
	"net.ipv4.ping_group_range",
	"net.ipv4.ip_unprivileged_port_start",
	"net.ipv4.ip_local_reserved_ports",
	"net.ipv4.tcp_keepalive_time",
	"net.ipv4.tcp_fin_timeout",
	"net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
	"net.ipv4.tcp_rmem",
	"net.ipv4.tcp_wmem",
	"net.ipv4.tcp_slow_start_after_idle",
	"net.ipv4.tcp_notsent_lowat",
}

_violations contains findings.problem(pod.object, null, detail) if {
	some pod in k8s.pods
	some i, sysctl in object.get(pod.security_context, "sysctls", [])
	name := object.get(sysctl, "name", "")
	not name in _allowed
	detail := sprintf("%s[%d].name is %q, not a safe sysctl (allowed: %s)", [
		k8s.pod_path(pod.object, "spec.securityContext.sysctls"),
		i,
		name,
		concat(", ", sort(_allowed)),
	])
}
