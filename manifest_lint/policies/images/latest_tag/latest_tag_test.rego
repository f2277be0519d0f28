package images.latest_tag_test

import data.images.latest_tag

_pod(image) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": image}]}}

test_no_tag_denied if {
	some f in latest_tag.deny with input as _pod("registry.example.com:5000/team/app")
	f.rule_id == "img-latest-tag"
	f.container == "app"
	contains(f.msg, `image "registry.example.com:5000/team/app" has no tag or the tag latest`)
}

test_latest_denied if {
	count(latest_tag.deny) == 1 with input as _pod("nginx:latest")
}

test_version_tag_allowed if {
	count(latest_tag.deny) == 0 with input as _pod("registry.example.com:5000/team/app:1.2.3")
}

test_digest_allowed if {
	count(latest_tag.deny) == 0 with input as _pod("nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31")
}

test_nameless_container_still_denied if {
	pod := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"ephemeralContainers": [{"image": "busybox"}]}}
	some f in latest_tag.deny with input as pod
	f.container == "ephemeralContainers[0]"
}
