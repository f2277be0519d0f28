package images.frozen_registry_test

import data.images.frozen_registry

_pod(image) := {"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "app", "image": image}]}}}}}}

test_frozen_denied if {
	some f in frozen_registry.deny with input as _pod("k8s.gcr.io/pause:3.9")
	f.rule_id == "img-frozen-registry"
	f.container == "app"
	contains(f.msg, `image "k8s.gcr.io/pause:3.9" is from the frozen k8s.gcr.io registry`)
}

test_new_registry_allowed if {
	count(frozen_registry.deny) == 0 with input as _pod("registry.k8s.io/pause:3.9")
}
