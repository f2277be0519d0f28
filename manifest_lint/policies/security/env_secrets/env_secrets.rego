# METADATA
# title: No secrets in plain environment values
# description: |
#   An environment variable whose name looks like a credential (PASSWORD, SECRET, TOKEN,
#   CREDENTIAL, a KEY segment such as API_KEY) and that carries a literal value puts the secret
#   in the manifest and the object for anyone who can read it. Names ending in _FILE, _PATH or
#   _DIR point at a secret rather than hold it and are not flagged.
#   (kube-linter env-var-secret, Kubescape.)
# scope: package
# custom:
#   id: sec-env-secret-literal
#   severity: high
#   kinds: [workloads]
#   remediation: Store the value in a Secret and use env[].valueFrom.secretKeyRef (or mount it as a file).
package security.env_secrets

import data.lib.findings
import data.lib.kubernetes as k8s

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, msg) if {
	some g in k8s.container_groups
	some env in object.get(g.container, "env", [])
	_secret_name(upper(env.name))
	is_string(env.value)
	env.value != ""
	msg := sprintf("env %q has a literal value; a secret belongs in valueFrom.secretKeyRef", [env.name])
	some c in g.members
}

_secret_name(name) if {
	regex.match(`PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|(^|_)KEY($|_)`, name)
	not regex.match(`_(FILE|PATH|DIR)$`, name)
}
