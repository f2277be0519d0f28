package security.secret_values_test

import data.security.secret_values

_pem := "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n"

_jwt := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"

_deployment(env) := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"template": {"spec": {"containers": [{"name": "app", "image": "web:1", "env": env}]}}},
}

_config(entries) := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "web", "namespace": "shop"}, "data": entries}

test_pem_env_value_denied if {
	some f in secret_values.deny with input as _deployment([{"name": "TLS_PEM", "value": _pem}])
	f.rule_id == "sec-secret-values"
	f.container == "app"
	f.msg == `sec-secret-values: Deployment/shop/web container "app": env "TLS_PEM" has a literal value that looks like a PEM private key; a secret belongs in valueFrom.secretKeyRef`
}

test_aws_and_jwt_env_values_denied if {
	some f in secret_values.deny with input as _deployment([{"name": "AWS_ID", "value": "AKIAZ4R7QWERTY123456"}])
	contains(f.msg, `env "AWS_ID" has a literal value that looks like an AWS access key ID`)
	some g in secret_values.deny with input as _deployment([{"name": "UPSTREAM_AUTH", "value": concat("", ["Bearer ", _jwt])}])
	contains(g.msg, `env "UPSTREAM_AUTH" has a literal value that looks like a JSON Web Token`)
	both := sprintf("%v %v", ["ASIAZ4R7QWERTY123456", _jwt])
	some h in secret_values.deny with input as _deployment([{"name": "MIXED", "value": both}])
	contains(h.msg, "looks like an AWS access key ID and a JSON Web Token")
}

test_harmless_env_values_allowed if {
	env := [
		{"name": "NODE_ENV", "value": "production"},
		{"name": "CA_BUNDLE", "value": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"},
		{"name": "DOCS_EXAMPLE", "value": "AKIAIOSFODNN7EXAMPLE"},
		{"name": "NOT_AWS", "value": "XAKIAZ4R7QWERTY123456"},
		{"name": "FROM_SECRET", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}},
	]
	count(secret_values.deny) == 0 with input as _deployment(env)
}

test_env_names_left_to_sec_env_secret_literal if {
	# sec-env-secret-literal already reports DB_PASSWORD for its literal value.
	count(secret_values.deny) == 0 with input as _deployment([{"name": "DB_PASSWORD", "value": _pem}])
	count(secret_values.deny) == 0 with input as _deployment([{"name": "API_TOKEN", "value": _jwt}])
}

test_init_containers_checked if {
	deployment := json.patch(_deployment([]), [{
		"op": "add", "path": "/spec/template/spec/initContainers",
		"value": [{"name": "fetch", "image": "curl:1", "env": [{"name": "AUTH", "value": _jwt}]}],
	}])
	some f in secret_values.deny with input as deployment
	f.container == "fetch"
}

test_config_map_values_denied if {
	some f in secret_values.deny with input as _config({"tls.key": _pem})
	f.kind == "ConfigMap"
	f.container == null
	f.msg == `sec-secret-values: ConfigMap/shop/web: data key "tls.key" holds what looks like a PEM private key; a secret belongs in a Secret`
	embedded := "[default]\naws_access_key_id = AKIAZ4R7QWERTY123456\nregion = eu-west-1\n"
	some g in secret_values.deny with input as _config({"credentials.ini": embedded})
	contains(g.msg, `data key "credentials.ini" holds what looks like an AWS access key ID`)
	count(secret_values.deny) == 1 with input as _config({"token": _jwt})
}

test_config_map_binary_data_denied if {
	config := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "web"}, "binaryData": {"key.der": base64.encode(_pem), "logo.png": "iVBORw0KGgo="}}
	some f in secret_values.deny with input as config
	f.msg == `sec-secret-values: ConfigMap/-/web: binaryData key "key.der" holds what looks like a PEM private key; a secret belongs in a Secret`
	count(secret_values.deny) == 1 with input as config
}

test_config_map_credential_keys_denied if {
	every key in ["password", "db.password", "DB_PASSWORD", "dbPassword", "client-secret", "clientSecret", "SECRET_KEY", "api_key", "apiKey", "access_token", "passphrase"] {
		count(secret_values.deny) == 1 with input as _config({key: "hunter2"})
	}
	some f in secret_values.deny with input as _config({"db.password": "hunter2"})
	f.msg == `sec-secret-values: ConfigMap/shop/web: data key "db.password" names a credential and has a literal value; a secret belongs in a Secret`
}

test_config_map_harmless_keys_allowed if {
	entries := {
		"password-file": "/run/secrets/db",
		"token_url": "https://auth.example.com/token",
		"secret-name": "web-db",
		"api-base-url": "http://api",
		"tokenizer": "whitespace",
		"password": "",
		"db.password": "   ",
		"secret": "${DB_SECRET}",
		"token": "$(TOKEN)",
		"api_key": "{{ .Values.apiKey }}",
		"client_secret": "<set me>",
		"credentials": "/var/run/secrets/google/key.json",
		"ca.crt": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
	}
	count(secret_values.deny) == 0 with input as _config(entries)
}

test_other_kinds_ignored if {
	secret := {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "web"}, "stringData": {"password": "hunter2", "tls.key": _pem}}
	count(secret_values.deny) == 0 with input as secret
}

test_waived if {
	config := json.patch(_config({"token": "abc"}), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-sec-secret-values": "public demo token for the sandbox"},
	}])
	count(secret_values.deny) == 0 with input as config
	some f in secret_values.warn with input as config
	f.waiver_reason == "public demo token for the sandbox"
}
