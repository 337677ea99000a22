"""GitHub Actions outputs: release-please-action v4's names, multi-line safe, never a secret."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from tests.builders import parse_github_outputs

from releasegate._redact import Secret
from releasegate.errors import ReleasegateError
from releasegate.forge.actions_output import (
    ReleaseOutput,
    pull_request_outputs,
    release_outputs,
    render_outputs,
    write_outputs,
)

if TYPE_CHECKING:
    from pathlib import Path

ROOT = ReleaseOutput(
    path=".",
    tag_name="v1.3.0",
    version="1.3.0",
    major=1,
    minor=3,
    patch=0,
    sha="a" * 40,
    name="v1.3.0",
    body="## 1.3.0\n\n* line one\n* line two",
    html_url="https://github.com/o/r/releases/tag/v1.3.0",
    id=7,
    draft=False,
    pr_number=12,
)


def test_root_release_outputs_have_no_prefix():
    """The root package's outputs are unprefixed, in release-please's CreatedRelease order."""
    assert release_outputs([ROOT]) == [
        ("releases_created", "true"),
        ("release_created", "true"),
        ("id", "7"),
        ("name", "v1.3.0"),
        ("tag_name", "v1.3.0"),
        ("sha", "a" * 40),
        ("body", "## 1.3.0\n\n* line one\n* line two"),
        ("html_url", "https://github.com/o/r/releases/tag/v1.3.0"),
        ("draft", "false"),
        ("path", "."),
        ("version", "1.3.0"),
        ("major", "1"),
        ("minor", "3"),
        ("patch", "0"),
        ("prNumber", "12"),
        ("paths_released", '["."]'),
    ]


def test_package_outputs_are_prefixed_by_path():
    """Another package's outputs are <path>--<key>; paths_released lists every path as JSON."""
    lib = ReleaseOutput("libs/a", "a-v0.2.0", "0.2.0", 0, 2, 0, "b" * 40)
    outputs = dict(release_outputs([ROOT, lib]))
    assert outputs["libs/a--release_created"] == "true"
    assert outputs["libs/a--tag_name"] == "a-v0.2.0"
    assert "libs/a--id" not in outputs  # unknown fields are left out, as release-please's object
    assert outputs["paths_released"] == '[".","libs/a"]'


def test_pull_request_outputs():
    """prs_created, then pr (the first) and prs as compact JSON."""
    assert pull_request_outputs([]) == [("prs_created", "false")]
    pr = {"number": 3, "title": "chore: release"}
    assert pull_request_outputs([pr]) == [
        ("prs_created", "true"),
        ("pr", '{"number":3,"title":"chore: release"}'),
        ("prs", '[{"number":3,"title":"chore: release"}]'),
    ]


def test_multiline_values_round_trip_and_secrets_are_masked():
    """Notes keep their lines; a registered secret in a value is written as ***."""
    canary = Secret("ghs_CANARYoutputs0123456789")
    text = render_outputs([("body", f"a\nb\n\ntoken {canary.reveal()}"), ("x", "")])
    assert parse_github_outputs(text) == [("body", "a\nb\n\ntoken ***"), ("x", "")]
    assert canary.reveal() not in text


def test_write_outputs_appends_to_github_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Outputs are appended to $GITHUB_OUTPUT; without it nothing is written."""
    target = tmp_path / "out.txt"
    target.write_text("earlier<<EOF\nx\nEOF\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_OUTPUT", str(target))
    assert write_outputs([("a", "1")]) == target
    assert parse_github_outputs(target.read_text(encoding="utf-8")) == [
        ("earlier", "x"),
        ("a", "1"),
    ]
    monkeypatch.delenv("GITHUB_OUTPUT")
    assert write_outputs([("a", "1")]) is None


def test_unwritable_output_file_is_one_line(tmp_path: Path):
    """A path that cannot be written is a ReleasegateError naming the file."""
    with pytest.raises(ReleasegateError, match=r"cannot write the step outputs"):
        write_outputs([("a", "1")], tmp_path / "missing" / "out.txt")
