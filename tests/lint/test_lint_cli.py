"""The lint command: profiles, exit codes, waivers and every output format."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from lint_fixtures import BILLION_LAUGHS, CLEAN_BASELINE, write

from manifest_lint import cli
from manifest_lint.package_data import CHECKOUT_ROOT as PROJECT_ROOT

FINDING_KEYS = {"rule_id", "severity", "kind", "namespace", "name", "container", "file", "message", "waived"}


@cache
def _run(*argv: str) -> tuple[int, str, str]:
    """Run the CLI in this process (cached: each run starts conftest once or twice)."""
    out, err = io.StringIO(), io.StringIO()
    parser = cli.build_parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0), "", ""
    code = cli.run(args, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _json(*argv: str) -> tuple[int, list[dict[str, Any]], str]:
    code, out, err = _run(*argv, "--output", "json")
    return code, json.loads(out), err


def _ids(findings: list[dict[str, Any]], *, waived: bool = False) -> set[str]:
    return {f["rule_id"] for f in findings if f["waived"] is waived}


def test_json_findings_have_exactly_the_documented_keys(app_dir: Path) -> None:
    code, findings, err = _json(str(app_dir), "--kube-version", "1.33")
    assert code == 1, err
    assert findings
    for f in findings:
        assert set(f) == FINDING_KEYS
        assert f["file"] == str(app_dir / "app.yaml") or f["file"].endswith("app.yaml")


def test_waived_findings_are_marked_and_bad_waivers_are_findings(app_dir: Path) -> None:
    _, findings, _ = _json(str(app_dir), "--kube-version", "1.33")
    [privileged] = [f for f in findings if f["rule_id"] == "pss-privileged"]
    assert privileged["waived"] is True
    assert privileged["container"] == "app"
    assert "img-latest-tag" in _ids(findings)  # its waiver expired
    bad = sorted(f["message"] for f in findings if f["rule_id"] == "waiver-valid")
    assert any("waive-img-latest-tag: expired on 2020-01-01" in m for m in bad)
    assert any('no rule has the id "no-such-rule"' in m for m in bad)


def test_profile_all_adds_schema_and_cross_resource_checks(app_dir: Path) -> None:
    _, findings, _ = _json(str(app_dir), "--kube-version", "1.33")
    [schema] = [f for f in findings if f["rule_id"] == "schema-valid"]
    assert schema["kind"] == "Service"
    assert "Kubernetes 1.33" in schema["message"]
    assert "bogusField" in schema["message"]
    assert any(i.startswith("cross-") for i in _ids(findings))


def test_profiles_select_rule_sets(app_dir: Path) -> None:
    code, baseline, _ = _json(str(app_dir), "--profile", "baseline")
    _, restricted, _ = _json(str(app_dir), "--profile", "restricted")
    assert code == 1  # waiver-valid runs in every profile
    assert _ids(baseline) == {"waiver-valid"}
    assert _ids(baseline, waived=True) == {"pss-privileged"}
    assert {"pss-run-as-non-root", "pss-seccomp-restricted", "waiver-valid"} <= _ids(restricted)
    assert all(i.startswith("pss-") or i == "waiver-valid" for i in _ids(restricted))


def test_exit_0_when_only_waived_or_nothing(clean_dir: Path) -> None:
    code, out, err = _run(str(clean_dir), "--profile", "baseline")
    assert code == 0, err
    assert "1 objects in 1 files, 13 rules: 0 failed, 0 waived" in out or "0 failed" in out


def test_table_output_has_summary(app_dir: Path) -> None:
    code, out, _ = _run(str(app_dir), "--profile", "baseline")
    assert code == 1
    assert out.splitlines()[0].split() == ["SEVERITY", "RULE", "RESOURCE", "FILE", "MESSAGE"]
    assert "waived    pss-privileged" in out
    assert out.rstrip().splitlines()[-1].startswith("2 objects in 1 files,")
    assert "2 failed (2 medium), 1 waived" in out


def test_kube_version_reaches_rules(tmp_path: Path) -> None:
    flow = "apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata: {name: f}\nspec: {priorityLevelConfiguration: {name: x}}\n"
    write(tmp_path, {"flow.yaml": flow})
    _, old, _ = _json(str(tmp_path), "--kube-version", "1.30")
    _, new, _ = _json(str(tmp_path), "--kube-version", "1.33")
    assert "api-removed-version" not in _ids(old)
    assert "api-removed-version" in _ids(new)


def test_bad_kube_version_is_usage_error(app_dir: Path) -> None:
    code, _, err = _run(str(app_dir), "--kube-version", "1.2")
    assert code == 2
    assert "no bundled schemas" in err
    assert _run(str(app_dir), "--kube-version", "latest")[0] == 2


def test_sarif_structure(app_dir: Path) -> None:
    code, out, _ = _run(str(app_dir), "--kube-version", "1.33", "--output", "sarif")
    assert code == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"]
    rule_ids = [r["id"] for r in driver["rules"]]
    assert "schema-valid" in rule_ids
    assert "pss-privileged" in rule_ids
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    assert run["results"]
    for result in run["results"]:
        assert result["ruleId"] in rule_ids
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note", "none"}
        assert result["message"]["text"]
        [location] = result["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith("/")
        assert (Path.cwd() / uri).resolve() == (app_dir / "app.yaml").resolve()
        assert location["physicalLocation"]["region"]["startLine"] >= 1
    suppressed = [r for r in run["results"] if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["pss-privileged"]
    assert suppressed[0]["suppressions"][0]["kind"] == "inSource"
    assert suppressed[0]["suppressions"][0]["justification"] == "CNI agent needs it"


def test_junit_xml(app_dir: Path) -> None:
    code, out, _ = _run(str(app_dir), "--profile", "restricted", "--output", "junit")
    assert code == 1
    root = ET.fromstring(out)  # noqa: S314 - our own output
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert "pss-privileged" in suites
    assert "pss-run-as-non-root" in suites
    for suite in suites.values():
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "-1")) == len(cases) == 2  # one per rule per resource
        assert int(suite.get("failures", "-1")) == sum(1 for c in cases if c.find("failure") is not None)
    [failure] = suites["pss-run-as-non-root"].iter("failure")
    assert "runAsNonRoot" in (failure.get("message") or "")
    assert suites["pss-privileged"].find("testcase/skipped") is not None  # waived
    assert int(root.get("failures", "-1")) == sum(int(s.get("failures", "0")) for s in suites.values())


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write(
        tmp_path_factory.mktemp("hostile"),
        {
            "good.yaml": CLEAN_BASELINE.replace("ConfigMap", "Pod").replace(
                "data: {LOG_LEVEL: info}", "spec: {containers: [{name: c, image: x, securityContext: {privileged: true}}]}"
            ),
            "bad.yaml": "apiVersion: v1\nkind: [\n",
            "bomb.yaml": BILLION_LAUGHS,
            "dup.yaml": "apiVersion: v1\nkind: ConfigMap\nkind: Secret\n",
            "list.yaml": "- 1\n- 2\n",
            "empty.yaml": "",
            "bin.json": b"\x00\x01\x02",
            "deep.json": "[" * 3000 + "]" * 3000,
            "crd.yaml": "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {anything: [1, 2]}\n",
        },
    )
    os.symlink("loop.yaml", root / "loop.yaml")
    return root


def test_hostile_inputs_are_reported_and_the_rest_linted(hostile_dir: Path) -> None:
    code, findings, err = _json(str(hostile_dir), "--profile", "baseline")
    assert code == 2
    assert "Traceback" not in err
    lines = err.splitlines()
    for name, expected in {
        "bad.yaml:3": "invalid YAML",
        "bomb.yaml:1": "alias bomb",
        "dup.yaml:3": "duplicate key 'kind'",
        "list.yaml:1": "not a mapping",
        "empty.yaml": "no manifests",
        "bin.json": "binary file",
        "deep.json": "nesting deeper",
        "loop.yaml": "symbolic link",
    }.items():
        assert any(name in line and expected in line for line in lines), (name, err)
    # A custom resource whose CRD is not in the input is a finding of its own, never silence.
    assert [(Path(f["file"]).name, f["rule_id"]) for f in findings] == [("crd.yaml", "unknown-kind"), ("good.yaml", "pss-privileged")]


def test_missing_path_and_empty_folder_exit_2(tmp_path: Path) -> None:
    code, _, err = _run(str(tmp_path / "nope.yaml"), str(tmp_path), "--profile", "baseline")
    assert code == 2
    assert "nope.yaml: no such file or folder" in err
    assert "no manifest files" in err


def _subprocess(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.run([sys.executable, "-m", "manifest_lint", *args], capture_output=True, text=True, env=env, cwd=cwd, check=False, timeout=120)


def test_end_to_end_json_exit_1(app_dir: Path) -> None:
    done = _subprocess("app.yaml", "--profile", "baseline", "--output", "json", cwd=app_dir)
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)
    assert {f["file"] for f in findings} == {"app.yaml"}
    assert "cdk8s" not in done.stderr


def test_end_to_end_clean_exit_0(clean_dir: Path) -> None:
    done = _subprocess(str(clean_dir), "--profile", "restricted")
    assert done.returncode == 0, done.stderr
    assert "0 failed" in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["x.yaml", "--profile", "strict"],
        ["x.yaml", "--output", "xml"],
        ["x.yaml", "--no-such-option"],
    ],
)
def test_end_to_end_usage_errors_exit_2(args: list[str]) -> None:
    done = _subprocess(*args)
    assert done.returncode == 2
    assert "usage:" in done.stderr
    assert "Traceback" not in done.stderr


def test_end_to_end_hostile_exit_2_without_traceback(hostile_dir: Path) -> None:
    done = _subprocess(str(hostile_dir), "--profile", "baseline")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "bomb.yaml:1: document expands" in done.stderr
    assert "pss-privileged" in done.stdout


def test_lint_does_not_import_cdk8s(app_dir: Path) -> None:
    code = (
        "import sys\nimport manifest_lint.cli\nassert not {'cdk8s', 'jsii', 'constructs_lib'} & set(sys.modules), sorted(sys.modules)\n"
        f"code = manifest_lint.cli.main(['--profile', 'baseline', {str(app_dir)!r}])\n"
        "print(code, sorted({'cdk8s', 'jsii', 'constructs_lib'} & set(sys.modules)))"
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "1 []", done.stderr


def test_conftest_failure_is_reported_exit_2(app_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main([str(app_dir), "--profile", "baseline", "--conftest", "/bin/false"])
    captured = capsys.readouterr()
    assert code == 2
    assert re.search(r"conftest \((all rules|rules, half 1)\) failed: exit status 1", captured.err), captured.err


def test_catalog_check_command() -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    done = subprocess.run([sys.executable, "-m", "manifest_lint.catalog", "--check"], capture_output=True, text=True, env=env, check=False, timeout=60)
    assert done.returncode == 0, done.stderr


def test_parallel_schema_validation_matches_sequential() -> None:
    from manifest_lint import schema_validation
    from manifest_lint.loader import Document

    docs = []
    for i in range(schema_validation.PARALLEL_SCHEMA_MIN_DOCS + 10):
        # Every document is invalid, so that the reference validator runs (in workers, from PARALLEL_SCHEMA_MIN_DOCS on).
        content: dict[str, Any] = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": f"c{i}"}, "data": {"a": "b"}, "bogus": i}
        if i % 50 == 0:
            content["data"] = {"a": i}
        docs.append(Document(f"f{i}.yaml", 0, 1, content, json.dumps(content)))
    parallel = schema_validation.schema_findings(docs, "1.33", workers=2)
    assert parallel == schema_validation.schema_findings(docs, "1.33", workers=1)
    assert [f.name for f in parallel if "data.a" in f.message] == ["c0", "c50", "c100", "c150", "c200"]
    assert len(parallel) == len(docs) + 5


def test_config_file_reaches_rules(tmp_path: Path) -> None:
    pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: n}\nspec: {containers: [{name: c, image: 'docker.io/library/nginx:1.27'}]}\n"
    write(tmp_path, {"m/pod.yaml": pod, "lint.yaml": "allowed_registries: [registry.example.com]\n", "bad.yaml": "- not a mapping\n"})
    _, without, _ = _json(str(tmp_path / "m"), "--profile", "all", "--kube-version", "1.33")
    code, with_config, err = _json(str(tmp_path / "m"), "--profile", "all", "--kube-version", "1.33", "--config", str(tmp_path / "lint.yaml"))
    assert code == 1, err
    assert "img-allowed-registries" not in _ids(without)
    assert "img-allowed-registries" in _ids(with_config)
    code, _, err = _run(str(tmp_path / "m"), "--config", str(tmp_path / "bad.yaml"))
    assert code == 2
    assert "must be one mapping" in err


def test_whole_run_list_groups_objects_by_kind_and_tags_each(tmp_path: Path) -> None:
    from manifest_lint import lint
    from manifest_lint.loader import Document

    contents: list[dict[str, Any]] = [{"kind": "Service"}, {"kind": "Deployment"}, {"kind": 5}, {"kind": "Service"}, {"no": "kind"}, {"kind": "Deployment"}]
    lint.write_whole_run([Document("f.yaml", i, 1, c, json.dumps(c)) for i, c in enumerate(contents)], tmp_path / "whole.json")
    whole = json.loads((tmp_path / "whole.json").read_text(encoding="utf-8"))
    items = whole["items"]
    assert [item[lint.DOCUMENT_FIELD] for item in items] == ["1", "5", "0", "3", "2", "4"]  # by kind, stable; no string kind last
    assert whole[lint.KINDS_FIELD] == {"Deployment": [0, 2], "Service": [2, 4]}
    assert whole["metadata"]["annotations"] == {lint.WHOLE_RUN_ANNOTATION: "true"}


def test_conftest_collects_garbage_at_a_limit_sized_to_its_input_unless_the_caller_says(monkeypatch: pytest.MonkeyPatch) -> None:
    from manifest_lint.conftest_driver import HEAP_LIMIT_RANGE, HEAP_PER_INPUT_BYTE, conftest_environment

    monkeypatch.delenv("GOGC", raising=False)
    monkeypatch.delenv("GOMEMLIMIT", raising=False)
    env = conftest_environment(10 << 20)
    assert (env["GOGC"], env["GOMEMLIMIT"]) == ("off", str((10 << 20) * HEAP_PER_INPUT_BYTE))
    assert conftest_environment(1)["GOMEMLIMIT"] == str(HEAP_LIMIT_RANGE[0])
    assert conftest_environment(1 << 40)["GOMEMLIMIT"] == str(HEAP_LIMIT_RANGE[1])
    monkeypatch.setenv("GOMEMLIMIT", "1GiB")  # GOGC off without the caller's limit could grow without bound
    assert "GOGC" not in conftest_environment(10 << 20)
    assert conftest_environment(10 << 20)["GOMEMLIMIT"] == "1GiB"
    monkeypatch.delenv("GOMEMLIMIT")
    monkeypatch.setenv("GOGC", "200")
    assert "GOMEMLIMIT" not in conftest_environment(10 << 20)


@pytest.mark.parametrize("message", ["plain", "non-ASCII: caf\u00e9 \u2713", "a lone surrogate: \ud800", ""])
def test_json_report_is_json_dumps_text(message: str) -> None:
    from manifest_lint.findings import Finding, LintResult
    from manifest_lint.reports import json as json_report

    findings = [Finding("rule", "high", "Pod", None, "p", "c", "f.yaml", message, False), Finding("r2", "low", None, None, None, None, None, "x", True)]
    expected = json.dumps([f.as_json() for f in findings], indent=2) + "\n"
    assert json_report.render(LintResult(findings=findings)) == expected
    assert json_report.render(LintResult()) == "[]\n"


def test_whole_run_names_are_the_packs() -> None:
    """The fields and annotation Python writes into the whole-run List are the ones lib/ reads (a wrong
    kinds field would not fail a rule: lib.kubernetes would group the objects itself, only slower)."""
    import re

    from manifest_lint import lint
    from manifest_lint.package_data import POLICIES_DIR

    def rego_value(lib: str, name: str) -> str:
        text = (POLICIES_DIR / "lib" / lib / f"{lib}.rego").read_text(encoding="utf-8")
        found = re.search(rf'^{name} := "([^"]+)"$', text, re.MULTILINE)
        assert found, f"{name} not in lib/{lib}"
        return found.group(1)

    assert rego_value("kubernetes", "whole_run_annotation") == lint.WHOLE_RUN_ANNOTATION
    assert rego_value("kubernetes", "whole_run_kinds_field") == lint.KINDS_FIELD
    assert rego_value("findings", "document_field") == lint.DOCUMENT_FIELD


def test_no_room_for_conftest_inputs_is_reported_exit_2(app_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """lint_documents reports a temporary folder it cannot write as an error of the run (the CLI and the render gate both show it)."""
    import errno
    import tempfile

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", full)
    code = cli.main([str(app_dir), "--profile", "baseline"])
    assert code == 2
    assert "error: cannot write temporary files for conftest: No space left on device" in capsys.readouterr().err
