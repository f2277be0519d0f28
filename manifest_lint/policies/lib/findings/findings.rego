# METADATA
# title: Findings and waivers
# description: |
#   Turns a rule's violations into conftest results. Every rule ends with
#     results := findings.results(rego.metadata.chain(), _violations)
#     deny := findings.unwaived(results)
#     warn := findings.waived(results)
#   A violation is problem(obj, container_name_or_null, detail). The result carries the
#   rule id, title, severity, kind, namespace, name, container and detail (the text of the
#   message after its subject) as conftest metadata, so readers never parse `msg` back.
#   `results` holds both (each with "waived"), so a runner that wants every finding queries
#   one rule, and each finding is made once.
#
#   A resource waives a rule with the annotation
#     policy.omnitide.dev/waive-<rule id>: "<reason>[; expires=YYYY-MM-DD][; container=<name>[,<name>]]"
#   A waiver applies only when it gives a reason and has not expired.
package lib.findings

waiver_prefix := "policy.omnitide.dev/waive-"

# document_field is the top-level field that manifest-lint adds to each object of its whole-run
# input: the object's position in the run, which a finding carries as "document".
document_field := "manifest-lint.omnitide.dev/document"

# problem builds one violation of a rule. (Not named `violation`: conftest would query a
# rule of that name in every package as a check of its own.)
#
# It keeps only what a finding needs of the object (read with builtins, once per violation),
# never the whole manifest: sets of violations hash, sort and compare their members, and a
# function called with a manifest compares the whole manifest whenever its result is cached.
problem(obj, container, detail) := {
	"kind": object.get(obj, "kind", null),
	"namespace": _or_null(namespace),
	"name": _or_null(name),
	"subject": _subject_text(object.get(obj, "kind", "?"), namespace, name, container),
	"container": container,
	"detail": detail,
	"document": object.get(obj, document_field, null),
	"waivers": waivers_in(object.get(obj, ["metadata", "annotations"], {})),
} if {
	namespace := object.get(obj, ["metadata", "namespace"], "")
	name := object.get(obj, ["metadata", "name"], "")
}

# rule_info is the METADATA block of the calling rule (the one with a custom id).
rule_info(chain) := info if {
	some entry in chain
	info := entry.annotations
	info.custom.id
}

# results is every finding of a rule's violations, waived or not. The rule's METADATA is
# looked up once per rule, not once per violation.
results(chain, violations) := _results(info.custom.id, info.title, info.custom.severity, violations) if {
	info := rule_info(chain)
} else := set()

# (The finding is built in the comprehension, from the rule's id, title and severity: a function
# per finding, called with the METADATA block and the violation, was a tenth of a finding's cost.)
_results(rule_id, title, severity, violations) := {f |
	some v in violations
	reason := _waiver_reason(rule_id, v)
	f := {
		"msg": _message(rule_id, v.subject, v.detail, reason),
		"rule_id": rule_id,
		"title": title,
		"severity": severity,
		"kind": v.kind,
		"namespace": v.namespace,
		"name": v.name,
		"container": v.container,
		"detail": v.detail,
		"waived": reason != null,
		"waiver_reason": reason,
		"document": v.document,
	}
}

# unwaived and waived split a rule's results: its deny and its warn.
unwaived(results) := {f | some f in results; not f.waived}

waived(results) := {f | some f in results; f.waived}

_or_null("") := null

_or_null(s) := s if s != ""

_message(rule_id, subject, detail, null) := sprintf("%v: %v: %v", [rule_id, subject, detail])

_message(rule_id, subject, detail, reason) := sprintf("%v (waived: %v): %v: %v", [rule_id, reason, subject, detail]) if {
	reason != null
}

# _subject_text names the object (and container) a message is about: Kind/namespace/name container "c".
_subject_text(kind, namespace, name, null) := sprintf("%v/%v/%v", [kind, _ns_text(namespace), name])

_subject_text(kind, namespace, name, container) := sprintf("%v/%v/%v container %q", [kind, _ns_text(namespace), name, container]) if {
	container != null
}

_ns_text("") := "-"

_ns_text(namespace) := namespace if namespace != ""

# waivers_in is every waiver annotation of an object's annotations, parsed.
waivers_in(annotations) := {w |
	some key, value in annotations
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

_waiver_reason(rule_id, v) := reason if {
	reason := _applied_waiver(rule_id, v)
} else := null

_applied_waiver(rule_id, v) := w.reason if {
	some w in v.waivers
	w.rule_id == rule_id
	usable(w)
	_covers_container(w, v.container)
}

_covers_container(w, _) if count(w.containers) == 0

_covers_container(w, container) if container in w.containers
