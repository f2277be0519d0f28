package networking.nginx_snippet_test

import data.networking.nginx_snippet

_ingress(annotations) := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web", "annotations": annotations}, "spec": {}}

test_snippet_denied if {
	doc := _ingress({"nginx.ingress.kubernetes.io/configuration-snippet": "more_set_headers x;", "nginx.ingress.kubernetes.io/server-snippet": "x"})
	some f in nginx_snippet.deny with input as doc
	f.rule_id == "net-nginx-snippet"
	contains(f.msg, `metadata.annotations has "nginx.ingress.kubernetes.io/configuration-snippet"`)
	count(nginx_snippet.deny) == 2 with input as doc
}

test_plain_annotations_allowed if {
	count(nginx_snippet.deny) == 0 with input as _ingress({"nginx.ingress.kubernetes.io/ssl-redirect": "true"})
}
