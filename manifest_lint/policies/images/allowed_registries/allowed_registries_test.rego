package images.allowed_registries_test

import data.images.allowed_registries

_pod(image) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": image}]}}

test_unconfigured_allowed if {
	count(allowed_registries.deny) == 0 with input as _pod("evil.example.com/x:1")
}

test_other_registry_denied if {
	some f in allowed_registries.deny with input as _pod("evil.example.com/x:1") with data.lint_config.allowed_registries as ["ghcr.io"]
	f.rule_id == "img-allowed-registries"
	f.container == "app"
	contains(f.msg, `image "evil.example.com/x:1" is from registry "evil.example.com"`)
}

test_docker_hub_short_name_denied if {
	count(allowed_registries.deny) == 1 with input as _pod("nginx:1.27") with data.lint_config.allowed_registries as ["ghcr.io"]
}

test_host_and_prefix_allowed if {
	count(allowed_registries.deny) == 0 with input as _pod("ghcr.io/acme/app:1") with data.lint_config.allowed_registries as ["ghcr.io"]
	count(allowed_registries.deny) == 0 with input as _pod("ghcr.io/acme/app:1") with data.lint_config.allowed_registries as ["ghcr.io/acme/"]
	count(allowed_registries.deny) == 0 with input as _pod("nginx:1.27") with data.lint_config.allowed_registries as ["docker.io"]
}
