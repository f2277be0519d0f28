# METADATA
# title: No credentials in ConfigMap data or env values
# description: |
#   ConfigMaps are not encrypted at rest, are readable by many more roles than Secrets, and are
#   printed in diffs, logs and GitOps UIs; literal env values are part of the workload object.
#   Reported, as high as sec-env-secret-literal because the credential is exposed as soon as
#   the manifest is applied (or committed):
#
#   * any env value, whatever the variable's name, and any ConfigMap data or binaryData value
#     (base64-decoded) that contains a PEM private key block (-----BEGIN ... PRIVATE KEY-----),
#     an AWS access key ID (AKIA/ASIA and 16 characters; the documentation's ...EXAMPLE keys
#     excepted) or a JSON Web Token (three base64url parts, the first two starting eyJ);
#   * a ConfigMap data key whose last word is password, passwd, passphrase, secret, token,
#     apikey or credentials (or ending api key, secret key, private key: db.password,
#     clientSecret, SECRET_KEY), with a non-empty value that is not a reference (${VAR},
#     $(VAR), {{ ... }}, <placeholder>) or an absolute file path.
#
#   Env variables whose NAME looks like a credential are sec-env-secret-literal's (this rule
#   reads the values only, and leaves the variables that rule reports to it).
#   (Polaris sensitiveConfigmapContent, sensitiveContainerEnvVar.)
# scope: package
# custom:
#   id: sec-secret-values
#   severity: high
#   kinds: [ConfigMap, workloads]
#   remediation: Move the value into a Secret (or an external secret store), reference it with secretKeyRef, envFrom or a volume, and rotate it.
package security.secret_values

import data.lib.findings
import data.lib.kubernetes as k8s
import data.security.env_secrets

results := findings.results(rego.metadata.chain(), _violations)

deny := findings.unwaived(results)

warn := findings.waived(results)

_violations contains findings.problem(c.object, c.name, detail) if {
	some g in k8s.container_groups
	some env in _array(object.get(g.container, "env", []))
	is_string(env.value)
	shapes := _shapes(env.value)
	count(shapes) > 0
	some c in g.members
	not _reported_by_name(c.name, env.name)
	detail := sprintf("env %q has a literal value that looks like %v; a secret belongs in valueFrom.secretKeyRef", [env.name, _text(shapes)])
}

_violations contains findings.problem(obj, null, detail) if {
	some obj in k8s.objects_of("ConfigMap")
	some key, value in _object(object.get(obj, "data", {}))
	is_string(value)
	detail := _config_detail(key, value)
}

_violations contains findings.problem(obj, null, detail) if {
	some obj in k8s.objects_of("ConfigMap")
	some key, value in _object(object.get(obj, "binaryData", {}))
	is_string(value)
	base64.is_valid(value)
	shapes := _shapes(base64.decode(value))
	count(shapes) > 0
	detail := sprintf("binaryData key %q holds what looks like %v; a secret belongs in a Secret", [key, _text(shapes)])
}

_config_detail(key, value) := sprintf("data key %q holds what looks like %v; a secret belongs in a Secret", [key, _text(shapes)]) if {
	shapes := _shapes(value)
	count(shapes) > 0
} else := sprintf("data key %q names a credential and has a literal value; a secret belongs in a Secret", [key]) if {
	_credential_key(key)
	trim_space(value) != ""
	not _reference(trim_space(value))
}

# sec-env-secret-literal reports variables with credential-like names and literal values.
_reported_by_name(container, name) if {
	some f in (env_secrets.deny | env_secrets.warn)
	f.container == container
	startswith(f.detail, sprintf("env %q ", [name]))
}

_shape_names := ["a PEM private key", "an AWS access key ID", "a JSON Web Token"]

_shapes(value) := {shape | some shape in _shape_names; _looks_like(shape, value)}

_text(shapes) := concat(" and ", [shape | some shape in _shape_names; shape in shapes])

_looks_like("a PEM private key", value) if regex.match(`-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----`, value)

_looks_like("an AWS access key ID", value) if {
	some key in regex.find_n(`\b(AKIA|ASIA)[A-Z0-9]{16}\b`, value, -1)
	not endswith(key, "EXAMPLE")
}

_looks_like("a JSON Web Token", value) if regex.match(`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`, value)

# _words splits a key into lower-case words: "dbPassword", "DB_PASSWORD" and "db.password" give ["db", "password"].
_words(key) := [word |
	some word in regex.split(`[^a-z0-9]+`, lower(regex.replace(key, `([a-z0-9])([A-Z])`, "${1}_${2}")))
	word != ""
]

_credential_words := {"password", "passwd", "passphrase", "secret", "token", "apikey", "credentials"}

_credential_pairs := {["api", "key"], ["secret", "key"], ["private", "key"]}

_credential_key(key) if {
	words := _words(key)
	words[count(words) - 1] in _credential_words
}

_credential_key(key) if {
	words := _words(key)
	n := count(words)
	n >= 2
	[words[n - 2], words[n - 1]] in _credential_pairs
}

# A reference to a value held elsewhere (substituted at run time), a placeholder, or a file path.
_reference(value) if regex.match(`^(\$\{[^}]*\}|\$\([^)]*\)|\{\{.*\}\}|<[^>]*>|/\S*)$`, value)

_array(value) := value if is_array(value)

_array(value) := [] if not is_array(value)

_object(value) := value if is_object(value)

_object(value) := {} if not is_object(value)
