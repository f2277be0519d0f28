package networking.port_name_test

import data.networking.port_name

_deployment(containers) := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"template": {"spec": {"containers": containers}}},
}

_container(name, ports) := {"name": name, "image": "web:1", "ports": ports}

_port(name, number) := {"name": name, "containerPort": number}

test_valid_names_allowed if {
	containers := [
		_container("app", [_port("http", 8080), _port("metrics", 9090), _port("grpc-web", 9000), _port("h2c", 8081), {"containerPort": 7000}]),
		_container("proxy", [_port("abcdefghijklmno", 15000), _port("p-1", 15001), {"name": "", "containerPort": 15002}]),
	]
	count(port_name.deny) == 0 with input as _deployment(containers)
}

test_invalid_names_denied if {
	some f in port_name.deny with input as _deployment([_container("app", [_port("http", 80), _port("Metrics_Port", 9090)])])
	f.rule_id == "port-name"
	f.container == "app"
	f.msg == `port-name: Deployment/shop/web container "app": ports[1].name "Metrics_Port" is not a valid port name (IANA_SVC_NAME): only lower-case letters, digits and '-'`
	cases := {
		"abcdefghijklmnop": "at most 15 characters",
		"8080": "at least one letter",
		"-http": "no '-' at the start or end",
		"http-": "no '-' at the start or end",
		"grpc--web": "no '--'",
	}
	every name, problem in cases {
		some g in port_name.deny with input as _deployment([_container("app", [_port(name, 80)])])
		endswith(g.msg, sprintf(": %v", [problem]))
	}
}

test_several_problems_listed if {
	some f in port_name.deny with input as _deployment([_container("app", [_port("--THE-METRICS-PORT", 80)])])
	endswith(f.msg, `"--THE-METRICS-PORT" is not a valid port name (IANA_SVC_NAME): at most 15 characters; only lower-case letters, digits and '-'; at least one letter; no '-' at the start or end; no '--'`)
}

test_non_string_name_denied if {
	some f in port_name.deny with input as _deployment([_container("app", [{"name": 80, "containerPort": 80}])])
	contains(f.msg, "ports[0].name 80 is not a valid port name (IANA_SVC_NAME): it must be a string")
}

test_duplicate_in_container_denied if {
	some f in port_name.deny with input as _deployment([_container("app", [_port("http", 80), _port("http", 8080)])])
	f.container == "app"
	f.msg == `port-name: Deployment/shop/web container "app": ports[1].name "http" is also the name of ports[0] of the same container; port names must be unique in the pod`
	count(port_name.deny) == 1 with input as _deployment([_container("app", [_port("http", 80), _port("http", 8080)])])
}

test_duplicate_across_containers_denied if {
	pod := {
		"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
		"spec": {
			"initContainers": [_container("sidecar", [_port("metrics", 9091)])],
			"containers": [_container("app", [_port("metrics", 9090)]), _container("envoy", [_port("metrics", 9092)])],
		},
	}
	some f in port_name.deny with input as pod
	f.container == "sidecar"
	f.msg == `port-name: Pod/-/p container "sidecar": ports[0].name "metrics" is also the name of ports[0] of container "app"; port names must be unique in the pod`
	count(port_name.deny) == 2 with input as pod
}

test_same_name_in_different_pods_allowed if {
	other := json.patch(_deployment([_container("app", [_port("http", 80)])]), [{"op": "replace", "path": "/metadata/name", "value": "api"}])
	count(port_name.deny) == 0 with input as {"kind": "List", "items": [_deployment([_container("app", [_port("http", 80)])]), other]}
}

test_cronjob_checked if {
	cronjob := {
		"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"},
		"spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [_container("job", [_port("Debug", 5005)])]}}}}},
	}
	count(port_name.deny) == 1 with input as cronjob
}

test_waived if {
	deployment := json.patch(_deployment([_container("app", [_port("prometheus-metrics", 9090)])]), [{
		"op": "add", "path": "/metadata/annotations",
		"value": {"policy.omnitide.dev/waive-port-name": "vendor chart; fixed upstream in 2.0; container=app"},
	}])
	count(port_name.deny) == 0 with input as deployment
	some f in port_name.warn with input as deployment
	f.waiver_reason == "vendor chart; fixed upstream in 2.0"
}
