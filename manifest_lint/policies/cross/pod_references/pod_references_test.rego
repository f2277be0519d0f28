package cross.pod_references_test

import data.cross.pod_references

_combined(docs) := [{"path": "manifests.yaml", "contents": doc} | some doc in docs]

_namespace := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}

_sa := {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "web", "namespace": "shop"}}

_config := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "web-config", "namespace": "shop"}, "data": {"url": "http://api"}, "binaryData": {"logo.png": "iVBO"}}

_secret := {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "web-db", "namespace": "shop"}, "data": {"password": "aHVudGVyMg=="}, "stringData": {"user": "web"}}

_deployment(pod) := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"template": {"metadata": {"labels": {"app": "web"}}, "spec": object.union({"serviceAccountName": "web"}, pod)}},
}

_container(fields) := object.union({"name": "app", "image": "web:1"}, fields)

_env(name, field, ref) := {"name": name, "valueFrom": {field: ref}}

test_everything_defined_allowed if {
	pod := {
		"containers": [_container({
			"env": [
				_env("URL", "configMapKeyRef", {"name": "web-config", "key": "url"}),
				_env("DB_PASSWORD", "secretKeyRef", {"name": "web-db", "key": "password"}),
				_env("DB_USER", "secretKeyRef", {"name": "web-db", "key": "user"}),
			],
			"envFrom": [{"configMapRef": {"name": "web-config"}}, {"secretRef": {"name": "web-db"}}],
		})],
		"volumes": [
			{"name": "config", "configMap": {"name": "web-config", "items": [{"key": "logo.png", "path": "logo.png"}]}},
			{"name": "ca", "configMap": {"name": "kube-root-ca.crt"}},
			{"name": "all", "projected": {"sources": [{"configMap": {"name": "web-config"}}, {"secret": {"name": "web-db"}}, {"serviceAccountToken": {"path": "t"}}]}},
		],
	}
	count(pod_references.deny) == 0 with input as _combined([_namespace, _sa, _config, _secret, _deployment(pod)])
}

test_missing_service_account_denied if {
	some f in pod_references.deny with input as _combined([_namespace, _deployment({"containers": [_container({})]})])
	f.rule_id == "cross-pod-references"
	f.kind == "Deployment"
	f.container == null
	f.msg == `cross-pod-references: Deployment/shop/web: spec.template.spec.serviceAccountName "web" names a ServiceAccount that the input does not define in namespace "shop" (a namespace it creates), so no pod can be created`
}

test_deprecated_service_account_field_denied if {
	cronjob := {
		"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "report", "namespace": "shop"},
		"spec": {"jobTemplate": {"spec": {"template": {"spec": {"serviceAccount": "report", "containers": [_container({})]}}}}},
	}
	some f in pod_references.deny with input as _combined([_namespace, cronjob])
	contains(f.msg, `spec.jobTemplate.spec.template.spec.serviceAccount "report" names a ServiceAccount`)
}

test_default_service_account_exists if {
	pod := {"serviceAccountName": "", "containers": [_container({})]}
	count(pod_references.deny) == 0 with input as _combined([_namespace, _deployment(pod)])
	explicit := {"serviceAccountName": "default", "containers": [_container({})]}
	count(pod_references.deny) == 0 with input as _combined([_namespace, _deployment(explicit)])
}

test_missing_config_map_denied if {
	env := _container({"env": [_env("URL", "configMapKeyRef", {"name": "web-cfg", "key": "url"})]})
	some f in pod_references.deny with input as _combined([_namespace, _sa, _config, _deployment({"containers": [env]})])
	f.container == "app"
	f.msg == `cross-pod-references: Deployment/shop/web container "app": env "URL" (valueFrom.configMapKeyRef) refers to ConfigMap "web-cfg", which the input does not define in namespace "shop" (a namespace it creates): the container does not start`

	from := _container({"envFrom": [{"prefix": "X_"}, {"configMapRef": {"name": "other"}}]})
	some g in pod_references.deny with input as _combined([_namespace, _sa, _deployment({"containers": [from]})])
	contains(g.msg, `envFrom[1].configMapRef refers to ConfigMap "other"`)

	volume := {"containers": [_container({})], "volumes": [{"name": "cfg", "projected": {"sources": [{"configMap": {"name": "gone"}}]}}]}
	some h in pod_references.deny with input as _combined([_namespace, _sa, _deployment(volume)])
	h.container == null
	contains(h.msg, `volume "cfg" refers to ConfigMap "gone", which the input does not define in namespace "shop" (a namespace it creates): the volume cannot be mounted, so the pod does not start`)
}

test_missing_config_map_key_denied if {
	env := _container({"env": [_env("URL", "configMapKeyRef", {"name": "web-config", "key": "api-url"})]})
	some f in pod_references.deny with input as _combined([_namespace, _sa, _config, _deployment({"containers": [env]})])
	f.msg == `cross-pod-references: Deployment/shop/web container "app": env "URL" (valueFrom.configMapKeyRef) refers to key "api-url" of ConfigMap "web-config", which has no such key: the container does not start`

	items := {"containers": [_container({})], "volumes": [{"name": "cfg", "configMap": {"name": "web-config", "items": [{"key": "url", "path": "u"}, {"key": "x", "path": "x"}]}}]}
	some g in pod_references.deny with input as _combined([_namespace, _sa, _config, _deployment(items)])
	contains(g.msg, `volume "cfg" refers to key "x" of ConfigMap "web-config", which has no such key`)
}

test_optional_references_ignored if {
	pod := {
		"containers": [_container({
			"env": [_env("URL", "configMapKeyRef", {"name": "gone", "key": "url", "optional": true})],
			"envFrom": [{"configMapRef": {"name": "gone", "optional": true}}],
		})],
		"volumes": [{"name": "cfg", "configMap": {"name": "gone", "optional": true}}],
	}
	count(pod_references.deny) == 0 with input as _combined([_namespace, _sa, _deployment(pod)])
}

test_missing_secret_not_reported if {
	pod := {
		"containers": [_container({
			"env": [_env("DB_PASSWORD", "secretKeyRef", {"name": "external", "key": "password"})],
			"envFrom": [{"secretRef": {"name": "external"}}],
		})],
		"volumes": [{"name": "tls", "secret": {"secretName": "sealed"}}],
	}
	count(pod_references.deny) == 0 with input as _combined([_namespace, _sa, _deployment(pod)])
}

test_missing_key_of_defined_secret_denied if {
	env := _container({"env": [_env("DB_PASSWORD", "secretKeyRef", {"name": "web-db", "key": "pass"})]})
	some f in pod_references.deny with input as _combined([_namespace, _sa, _secret, _deployment({"containers": [env]})])
	contains(f.msg, `env "DB_PASSWORD" (valueFrom.secretKeyRef) refers to key "pass" of Secret "web-db", which has no such key`)

	volume := {"containers": [_container({})], "volumes": [{"name": "db", "secret": {"secretName": "web-db", "items": [{"key": "user", "path": "u"}, {"key": "host", "path": "h"}]}}]}
	some g in pod_references.deny with input as _combined([_namespace, _sa, _secret, _deployment(volume)])
	contains(g.msg, `volume "db" refers to key "host" of Secret "web-db"`)
	count(pod_references.deny) == 1 with input as _combined([_namespace, _sa, _secret, _deployment(volume)])
}

test_namespace_not_owned_ignored if {
	pod := {"containers": [_container({"envFrom": [{"configMapRef": {"name": "gone"}}]})]}
	count(pod_references.deny) == 0 with input as _combined([_deployment(pod)])
	other := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "other"}}
	count(pod_references.deny) == 0 with input as _combined([other, _deployment(pod)])
}

test_objects_in_other_namespace_do_not_count if {
	elsewhere := json.patch(_sa, [{"op": "replace", "path": "/metadata/namespace", "value": "other"}])
	count(pod_references.deny) == 1 with input as _combined([_namespace, elsewhere, _deployment({"containers": [_container({})]})])
}

test_init_containers_and_bare_pods_checked if {
	pod := {
		"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "job", "namespace": "shop"},
		"spec": {"initContainers": [_container({"envFrom": [{"configMapRef": {"name": "gone"}}]})], "containers": [_container({"name": "main"})]},
	}
	some f in pod_references.deny with input as _combined([_namespace, pod])
	f.container == "app"
}

test_single_document_input_gives_nothing if {
	count(pod_references.deny) == 0 with input as {"kind": "List", "items": [_namespace, _deployment({"containers": [_container({})]})]}
}

test_waived if {
	deployment := json.patch(_deployment({"containers": [_container({})]}), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-cross-pod-references": "the ServiceAccount comes from the platform's IRSA chart"},
	}])
	count(pod_references.deny) == 0 with input as _combined([_namespace, deployment])
	count(pod_references.warn) == 1 with input as _combined([_namespace, deployment])
}
