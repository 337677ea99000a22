"""``releasegate doctor`` on a uv workspace: members' pins on each other against the manifest."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from tests._monorepo import workspace_spec
from tests.oracle.repo import build_repo

from releasegate.commands.doctor import Options, run

if TYPE_CHECKING:
    from pathlib import Path


def workspace_findings(root: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str]]:
    """The (level, message) of each ``workspace`` finding of ``doctor --json``."""
    run(Options(project=root, no_index=True, json=True))
    findings: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["findings"]
    return [(f["level"], f["message"]) for f in findings if f["check"] == "workspace"]


PLUGIN = 'plugins = ["uv-workspace"]\n'
AGREE = "2 requirement(s) between members admit the manifest"
LAGGING = (
    "packages/ext/pyproject.toml: 'core == 1.0.0' does not admit core 1.1.0, the version in "
    ".release-please-manifest.json; write a requirement that admits it"
)
PLUGIN_OFF = (
    "packages/app/pyproject.toml: 'ext >=1.0,<2' does not admit ext 2.0.0, the version in "
    ".release-please-manifest.json; write a requirement that admits it (plugins = "
    '["uv-workspace"] in [tool.releasegate] keeps it so)'
)


@pytest.mark.parametrize(
    ("settings", "manifest", "expected"),
    [
        # ext pins core == 1.0.0 and app takes ext 1.x: both admit the manifest
        (PLUGIN, {}, [("ok", AGREE)]),
        # core released as 1.1.0 by hand: ext's pin lags behind
        (PLUGIN, {"packages/core": "1.1.0"}, [("warning", LAGGING)]),
        # without the plugin the finding says what keeps pins right from then on
        ("", {"packages/ext": "2.0.0"}, [("warning", PLUGIN_OFF)]),
    ],
    ids=["agree", "lagging-pin", "plugin-off"],
)
def test_doctor_reports_pins_that_disagree_with_the_manifest(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    settings: str,
    manifest: dict[str, str],
    expected: list[tuple[str, str]],
):
    """Each member requirement on another member must admit that member's manifest version."""
    spec = workspace_spec(settings=settings)
    spec["manifest"].update(manifest)
    assert workspace_findings(build_repo(spec, tmp_path / "repo"), capsys) == expected


def test_doctor_without_a_workspace_says_nothing_about_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """A repository that is no uv workspace gets no workspace finding."""
    spec = workspace_spec(settings="")
    spec["files"]["pyproject.toml"] = '[project]\nname = "solo"\nversion = "1.0.0"\n'
    assert workspace_findings(build_repo(spec, tmp_path / "repo"), capsys) == []
