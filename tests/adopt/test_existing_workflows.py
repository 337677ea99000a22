"""Reading a project's workflows, and adding workflow_call to a kept ci.yml as a text edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import yaml

from releasegate.adopt.existing_workflows import add_workflow_call, read_workflows

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("on: push\njobs: {}\n", "on: [push, workflow_call]\njobs: {}\n"),
        ("on: 'push'  # ci\njobs: {}\n", "on: ['push', workflow_call]  # ci\njobs: {}\n"),
        ("on: [push, pull_request] # x\njobs: {}\n",
         "on: [push, pull_request, workflow_call] # x\njobs: {}\n"),
        # a block mapping: added after its last entry, before comments that lead the next key
        (("name: CI\n\non:\n  push:\n    branches: [main]\n  # PRs too\n  pull_request:\n\n"
         "# the jobs\njobs:\n  a:\n    runs-on: x\n"),
         ("name: CI\n\non:\n  push:\n    branches: [main]\n  # PRs too\n  pull_request:\n"
         "  workflow_call:\n\n# the jobs\njobs:\n  a:\n    runs-on: x\n")),
        ("'on':\n    - push\n    - pull_request\njobs: {}\n",
         "'on':\n    - push\n    - pull_request\n    - workflow_call\njobs: {}\n"),
        ("\"on\":\n  push:\n    branches:\n      - '**'\njobs: {}\n",
         "\"on\":\n  push:\n    branches:\n      - '**'\n  workflow_call:\njobs: {}\n"),
    ],
    ids=["scalar", "quoted-scalar-comment", "flow-list", "block-mapping", "block-list",
         "quoted-key"],
)  # fmt: skip
def test_workflow_call_is_added_and_nothing_else_changes(before: str, after: str):
    """Each form of on: gains workflow_call; every other line, comment included, stays."""
    assert add_workflow_call(before) == after
    data = yaml.safe_load(after)
    triggers = data.get("on", data.get(True))
    assert "workflow_call" in triggers


@pytest.mark.parametrize(
    "text",
    [
        "on: {push: {}}\njobs: {}\n",  # a flow mapping
        "on: [push,\n  pull_request]\njobs: {}\n",  # a flow list over two lines
        "name: no trigger\njobs: {}\n",
    ],
    ids=["flow-mapping", "multi-line-flow", "no-on"],
)
def test_forms_it_cannot_edit_safely_give_none(text: str):
    """What the edit does not handle is left to the maintainer (init names --force)."""
    assert add_workflow_call(text) is None


def test_reads_release_please_publishing_and_permissions(tmp_path: Path):
    """release-please-action (either home), publish-release, permissions and the environment."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "release.yml").write_text(
        "on: push\njobs:\n  rp:\n    runs-on: x\n    steps:\n"
        "      - uses: google-github-actions/release-please-action@v3\n"
        "  up:\n    runs-on: x\n    environment: {name: release-pypi}\n"
        "    permissions:\n      id-token: write\n    steps:\n"
        "      - uses: pypa/gh-action-pypi-publish@release/v1\n",
        encoding="utf-8",
    )
    (folder / "ci.yml").write_text(
        "on: pull_request\npermissions:\n  contents: read\njobs:\n  t:\n    runs-on: x\n"
        "    permissions:\n      contents: read\n      checks: write\n    steps:\n"
        "      - run: echo ${{ secrets.CODECOV_TOKEN }} ${{ secrets.GITHUB_TOKEN }}\n"
        "      - run: uv run releasegate publish-release\n",
        encoding="utf-8",
    )
    (folder / "broken.yml").write_text("on: [\n", encoding="utf-8")
    ci, release = read_workflows(tmp_path)
    assert (ci.path, release.path) == (".github/workflows/ci.yml", ".github/workflows/release.yml")
    assert (release.release_tools, ci.release_tools) == (
        frozenset({"release-please-action"}),
        frozenset(),
    )
    assert (release.uploads, ci.uploads) == (True, True)
    assert (release.runs_publish_release, ci.runs_publish_release) == (False, True)
    assert release.publish_environment() == "release-pypi"
    assert ci.requested_permissions() == {"contents": "read", "checks": "write"}
    assert ci.secrets() == ["CODECOV_TOKEN"]
    assert release.job_names == ["rp", "up"]
