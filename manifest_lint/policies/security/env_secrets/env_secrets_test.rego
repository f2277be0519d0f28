package security.env_secrets_test

import data.security.env_secrets

_pod(env) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "env": env}]}}

test_password_literal_denied if {
	some f in env_secrets.deny with input as _pod([{"name": "DB_PASSWORD", "value": "hunter2"}])
	f.rule_id == "sec-env-secret-literal"
	f.container == "app"
	contains(f.msg, `env "DB_PASSWORD" has a literal value`)
	not contains(f.msg, "hunter2")
}

test_key_segment_denied if {
	count(env_secrets.deny) == 2 with input as _pod([{"name": "stripe_api_key", "value": "sk"}, {"name": "SIGNING_KEY", "value": "k"}])
}

test_secret_ref_allowed if {
	env := [{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}]
	count(env_secrets.deny) == 0 with input as _pod(env)
}

test_look_alike_names_allowed if {
	env := [{"name": "KEYCLOAK_URL", "value": "https://id"}, {"name": "PASSWORD_FILE", "value": "/run/secrets/pw"}, {"name": "MONKEY", "value": "1"}]
	count(env_secrets.deny) == 0 with input as _pod(env)
}
