"""environments.yaml: typed, validated, and blue/green switched by one value."""

from __future__ import annotations

from pathlib import Path

import pytest

import environments
import main
from constructs_lib import synth

SOURCE = Path(environments.ENVIRONMENTS_FILE).read_text()


def _load(tmp_path, text):
    path = tmp_path / "environments.yaml"
    path.write_text(text)
    return environments.load(path)


def test_the_committed_file_loads():
    envs = {e.name: e for e in environments.load()}
    assert set(envs) == {"staging", "production"}
    assert envs["production"].host == "control.omnitide.dev"
    assert envs["staging"].host != envs["production"].host
    assert envs["production"].blue_green is not None and envs["staging"].release is not None


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  min_replicas: 3\n", "  min_replicas: three\n", "production.min_replicas: 'three': must be an integer"),
        ("  host: control.omnitide.dev\n", "", "production.host: missing"),
        ("  namespace: staging\n", "  namespace: staging\n  colour: blue\n", "staging.colour: unknown key (allowed:"),
        (
            '  kubernetes_version: "1.30"\n',
            "  kubernetes_version: 1.30\n",
            'staging.kubernetes_version: 1.3: must be the cluster\'s Kubernetes minor version as a quoted string, e.g. "1.30"',
        ),
        ("    active: blue\n", "", "production.blue_green.active: missing (required)"),
    ],
)
def test_bad_values_are_named_with_the_file(tmp_path, old, new, message):
    assert old in SOURCE
    with pytest.raises(environments.ConfigError) as caught:
        _load(tmp_path, SOURCE.replace(old, new, 1))
    assert str(caught.value).startswith(str(tmp_path / "environments.yaml"))
    assert message in str(caught.value)


def test_unreadable_and_malformed_files(tmp_path):
    with pytest.raises(environments.ConfigError, match="cannot read"):
        environments.load(tmp_path / "missing.yaml")
    with pytest.raises(environments.ConfigError, match="invalid YAML"):
        _load(tmp_path, "staging: [unclosed\n")


def test_switching_blue_green_is_one_value(tmp_path):
    blue = {o.relative_path: o.manifest for o in synth.collect(main.build_app(environments.load()))}
    switched = SOURCE.replace("    active: blue\n", "    active: green\n")
    assert sum(a != b for a, b in zip(SOURCE.splitlines(), switched.splitlines(), strict=True)) == 1
    green = {o.relative_path: o.manifest for o in synth.collect(main.build_app(_load(tmp_path, switched)))}
    changed = sorted(path for path in blue if blue[path] != green[path])
    assert changed == [
        "production/deployment-control-panel-blue.yaml",
        "production/deployment-control-panel-green.yaml",
        "production/horizontalpodautoscaler-control-panel.yaml",
        "production/poddisruptionbudget-control-panel.yaml",
        "production/service-control-panel.yaml",
    ]
    assert green["production/service-control-panel.yaml"]["spec"]["selector"]["slot"] == "green"
    assert green["production/horizontalpodautoscaler-control-panel.yaml"]["spec"]["scaleTargetRef"]["name"] == "control-panel-green"
    assert "replicas" not in green["production/deployment-control-panel-green.yaml"]["spec"]
    assert green["production/deployment-control-panel-blue.yaml"]["spec"]["replicas"] == 3
