package images.digest_test

import data.images.digest

_pod(image) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": image}]}}

test_off_by_default if {
	count(digest.deny) == 0 with input as _pod("nginx:1.27")
}

test_tag_denied if {
	some f in digest.deny with input as _pod("nginx:1.27") with data.lint_config.require_image_digest as true
	f.rule_id == "img-digest"
	f.container == "app"
	contains(f.msg, `image "nginx:1.27" is not pinned`)
}

test_digest_allowed if {
	digest_image := "nginx:1.27@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31"
	count(digest.deny) == 0 with input as _pod(digest_image) with data.lint_config.require_image_digest as true
}
