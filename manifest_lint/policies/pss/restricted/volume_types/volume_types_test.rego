package pss.restricted.volume_types_test

import data.pss.restricted.volume_types

_spec(volumes) := {"containers": [{"name": "app", "image": "nginx:1.27"}], "volumes": volumes}

_workloads(spec) := [
	{"kind": "Pod", "metadata": meta, "spec": spec},
	{"kind": "Deployment", "metadata": meta, "spec": {"template": {"spec": spec}}},
	{"kind": "ReplicaSet", "metadata": meta, "spec": {"template": {"spec": spec}}},
	{"kind": "StatefulSet", "metadata": meta, "spec": {"template": {"spec": spec}}},
	{"kind": "DaemonSet", "metadata": meta, "spec": {"template": {"spec": spec}}},
	{"kind": "Job", "metadata": meta, "spec": {"template": {"spec": spec}}},
	{"kind": "ReplicationController", "metadata": meta, "spec": {"template": {"spec": spec}}},
	{"kind": "CronJob", "metadata": meta, "spec": {"jobTemplate": {"spec": {"template": {"spec": spec}}}}},
	{"kind": "PodTemplate", "metadata": meta, "template": {"spec": spec}},
] if {
	meta := {"name": "w", "namespace": "shop"}
}

_allowed_text := "configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret"

_all_allowed := [
	{"name": "a", "configMap": {"name": "cfg"}},
	{"name": "b", "csi": {"driver": "secrets-store.csi.k8s.io"}},
	{"name": "c", "downwardAPI": {"items": []}},
	{"name": "d", "emptyDir": {}},
	{"name": "e", "ephemeral": {"volumeClaimTemplate": {"spec": {}}}},
	{"name": "f", "image": {"reference": "registry.example/data:1", "pullPolicy": "IfNotPresent"}},
	{"name": "g", "persistentVolumeClaim": {"claimName": "data"}},
	{"name": "h", "projected": {"sources": []}},
	{"name": "i", "secret": {"secretName": "tls"}},
]

test_nfs_denied if {
	some f in volume_types.deny with input as _workloads(_spec([{"name": "cache", "emptyDir": {}}, {"name": "share", "nfs": {"server": "nfs.local", "path": "/x"}}]))[1]
	f.rule_id == "pss-volume-types"
	f.container == null
	f.msg == sprintf(`pss-volume-types: Deployment/shop/w: spec.template.spec.volumes[1] "share" uses restricted volume type "nfs" (allowed: %s)`, [_allowed_text])
}

test_every_allowed_type_including_image_allowed if {
	count(volume_types.deny) == 0 with input as _workloads(_spec(_all_allowed))[0]
}

test_restricted_types_denied if {
	volumes := [
		{"name": "a", "hostPath": {"path": "/"}},
		{"name": "b", "gitRepo": {"repository": "https://example.com/r.git"}},
		{"name": "c", "iscsi": {"targetPortal": "1.2.3.4:3260", "iqn": "x", "lun": 0}},
		{"name": "d", "awsElasticBlockStore": {"volumeID": "vol-1"}},
		{"name": "e", "flexVolume": {"driver": "x/y"}},
	]
	msgs := {f.msg | some f in volume_types.deny} with input as _workloads(_spec(volumes))[0]
	count(msgs) == 5
	some m in msgs
	contains(m, `spec.volumes[1] "b" uses restricted volume type "gitRepo"`)
}

# The API server defaults a volume without a source to emptyDir, and admits the pod at Restricted
# (upstream fixture restricted/v1.37/pass/restrictedvolumes0.yaml).
test_volume_without_source_allowed_as_empty_dir if {
	every doc in _workloads(_spec([{"name": "scratch"}, {"name": "nulls", "emptyDir": null, "nfs": null}])) {
		count(volume_types.deny) == 0 with input as doc
	}
}

test_volume_with_null_and_forbidden_source_denied if {
	some f in volume_types.deny with input as _workloads(_spec([{"name": "n", "emptyDir": null, "nfs": {"server": "s", "path": "/"}}]))[0]
	contains(f.msg, `spec.volumes[0] "n" uses restricted volume type "nfs"`)
}

test_no_volumes_allowed if {
	count(volume_types.deny) == 0 with input as _workloads({"containers": [{"name": "app"}]})[0]
}

test_windows_pods_not_exempt if {
	spec := object.union(_spec([{"name": "h", "hostPath": {"path": "C:\\"}}]), {"os": {"name": "windows"}})
	count(volume_types.deny) == 1 with input as _workloads(spec)[0]
}

test_every_workload_kind_same_verdict if {
	every doc in _workloads(_spec([{"name": "x", "cephfs": {"monitors": ["m"]}}, {"name": "y", "rbd": {"image": "i"}}])) {
		count(volume_types.deny) == 2 with input as doc
	}
	every doc in _workloads(_spec(_all_allowed)) {
		count(volume_types.deny) == 0 with input as doc
	}
}

test_list_items_checked if {
	docs := _workloads(_spec([{"name": "x", "nfs": {"server": "s", "path": "/"}}]))
	count(volume_types.deny) == 2 with input as {"kind": "List", "items": [docs[0], docs[8]]}
}
