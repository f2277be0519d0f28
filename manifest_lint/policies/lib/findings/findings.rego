# METADATA
# title: Findings and waivers
# description: |
#   Turns a rule's violations into conftest results. Every rule ends with
#     deny := findings.unwaived(rego.metadata.chain(), _violations)
#     warn := findings.waived(rego.metadata.chain(), _violations)
#   A violation is problem(obj, container_name_or_null, detail). The result carries the
#   rule id, title, severity, kind, namespace, name, container and detail (the text of the
#   message after its subject) as conftest metadata, so readers never parse `msg` back.
#
#   A resource waives a rule with the annotation
#     policy.omnitide.dev/waive-<rule id>: "<reason>[; expires=YYYY-MM-DD][; container=<name>[,<name>]]"
#   A waiver applies only when it gives a reason and has not expired.
package lib.findings

import data.lib.kubernetes as k8s

waiver_prefix := "policy.omnitide.dev/waive-"

# problem builds one violation of a rule. (Not named `violation`: conftest would query a
# rule of that name in every package as a check of its own.)
problem(obj, container, detail) := {"object": obj, "container": container, "detail": detail}

# rule_info is the METADATA block of the calling rule (the one with a custom id).
rule_info(chain) := info if {
	some entry in chain
	info := entry.annotations
	info.custom.id
}

# The rule's METADATA is looked up once per rule, not once per violation.
unwaived(chain, violations) := _unwaived(_info(chain), violations)

waived(chain, violations) := _waived(_info(chain), violations)

_info(chain) := rule_info(chain) if {
	rule_info(chain)
} else := {}

_unwaived(info, violations) := {f |
	some v in violations
	not _applied_waiver(info.custom.id, v)
	f := _finding(info, v, null)
}

_waived(info, violations) := {f |
	some v in violations
	reason := _applied_waiver(info.custom.id, v)
	f := _finding(info, v, reason)
}

_finding(info, v, waiver_reason) := {
	"msg": _message(info, v, waiver_reason),
	"rule_id": info.custom.id,
	"title": info.title,
	"severity": info.custom.severity,
	"kind": object.get(v.object, "kind", null),
	"namespace": _or_null(k8s.namespace(v.object)),
	"name": _or_null(k8s.name(v.object)),
	"container": v.container,
	"detail": v.detail,
	"waived": waiver_reason != null,
	"waiver_reason": waiver_reason,
	"document": object.get(v.object, ["metadata", "annotations", "manifest-lint.omnitide.dev/document"], null),
}

_or_null("") := null

_or_null(s) := s if s != ""

_message(info, v, null) := sprintf("%v: %v: %v", [info.custom.id, subject(v.object, v.container), v.detail])

_message(info, v, reason) := sprintf("%v (waived: %v): %v: %v", [info.custom.id, reason, subject(v.object, v.container), v.detail]) if {
	reason != null
}

# subject names the object (and container) a message is about: Kind/namespace/name container "c".
subject(obj, null) := _object_ref(obj)

subject(obj, container) := sprintf("%s container %q", [_object_ref(obj), container]) if container != null

_object_ref(obj) := sprintf("%v/%v/%v", [object.get(obj, "kind", "?"), _ns_text(obj), k8s.name(obj)])

_ns_text(obj) := ns if {
	ns := k8s.namespace(obj)
	ns != ""
} else := "-"

# waivers is every waiver annotation on an object, parsed.
waivers(obj) := {w |
	some key, value in k8s.annotations(obj)
	startswith(key, waiver_prefix)
	w := parse_waiver(substring(key, count(waiver_prefix), -1), value)
}

# parse_waiver reads "<reason>[; expires=YYYY-MM-DD][; container=a,b]".
parse_waiver(rule_id, value) := {
	"rule_id": rule_id,
	"reason": concat("; ", [p | some p in _parts(value); not _is_option(p)]),
	"expires": object.get(_options(value), "expires", null),
	"containers": _containers(_options(value)),
	"raw": value,
}

_parts(value) := [trim_space(p) | some p in split(value, ";"); trim_space(p) != ""]

_is_option(part) if regex.match(`^(expires|container)=`, part)

_options(value) := {k: v |
	some p in _parts(value)
	_is_option(p)
	[k, v] := split(p, "=")
}

_containers(options) := {trim_space(c) | some c in split(options.container, ",")}

_containers(options) := set() if not options.container

# expired holds when a waiver's expiry date has passed (or cannot be read).
expired(w) if {
	w.expires != null
	not _valid_date(w.expires)
}

expired(w) if {
	w.expires != null
	_valid_date(w.expires)
	time.parse_ns("2006-01-02", w.expires) + _day_ns <= time.now_ns()
}

_day_ns := ((24 * 60) * 60) * 1000000000

_valid_date(s) if {
	regex.match(`^\d{4}-\d{2}-\d{2}$`, s)
	time.parse_ns("2006-01-02", s)
}

# usable holds for waivers that give a reason and have not expired.
usable(w) if {
	w.reason != ""
	not expired(w)
}

_applied_waiver(rule_id, v) := w.reason if {
	some w in waivers(v.object)
	w.rule_id == rule_id
	usable(w)
	_covers_container(w, v.container)
}

_covers_container(w, _) if count(w.containers) == 0

_covers_container(w, container) if container in w.containers
