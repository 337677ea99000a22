"""The workflow reader: triggers and branch filters, uploads and their credentials, release tools."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from tests.builders import git
from tests.oracle.repo import build_repo

from releasegate.adopt.workflows import (
    TreeSource,
    WorkTreeSource,
    load_workflows,
    release_tools,
    uploads,
)
from releasegate.engine.git import Tree

if TYPE_CHECKING:
    from pathlib import Path

    from releasegate.adopt.workflows import WorkflowSet

PIN = "@ed0c53931b1dc9bd32cbe73a98c7f6766f8a527e"


def workflows_of(tmp_path: Path, files: dict[str, str]) -> WorkflowSet:
    """Write ``files`` (``.github/workflows/`` names them by default) and read them back."""
    for name, text in files.items():
        path = tmp_path / (name if "/" in name else f".github/workflows/{name}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load_workflows(WorkTreeSource(tmp_path))


@pytest.mark.parametrize(
    ("on", "branch", "runs"),
    [
        ("push", "main", True),
        ("[push, pull_request]", "dev", True),
        ("workflow_dispatch", "main", False),
        ("\n  push:\n    branches: [main]", "main", True),
        ("\n  push:\n    branches: [main]", "dev", False),
        ("\n  push:\n    branches: ['release/**']", "release/1/x", True),
        ("\n  push:\n    branches: ['release/*']", "release/1/x", False),
        ("\n  push:\n    branches: ['**', '!dev']", "dev", False),
        ("\n  push:\n    branches: ['**', '!dev']", "main", True),
        ("\n  push:\n    branches-ignore: [main]", "main", False),
        ("\n  push:\n    tags: ['v*']", "main", False),
        ("\n  push:\n    branches: [main]\n    tags: ['v*']", "main", True),
    ],
)
def test_runs_on_push_to(tmp_path: Path, on: str, branch: str, runs: bool):
    """GitHub's push filters: globs, negation, branches-ignore, tags only."""
    text = f"on: {on}\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n"
    (workflow,) = workflows_of(tmp_path, {"w.yml": text}).workflows
    assert workflow.runs_on_push_to(branch) is runs


def _job(steps: str, *, permissions: str = "", env: str = "") -> str:
    return (
        f"on: workflow_dispatch\n{env}jobs:\n  up:\n    runs-on: x\n{permissions}"
        f"    steps:\n{steps}"
    )


_ID_TOKEN = "    permissions:\n      id-token: write\n"


@pytest.mark.parametrize(
    ("text", "extra", "expected"),
    [
        pytest.param(_job(f"      - uses: pypa/gh-action-pypi-publish{PIN}\n"
                          "        with:\n          password: ${{ secrets.PYPI }}\n"), {},
                     ("pypa/gh-action-pypi-publish", "token", "secrets.PYPI", False), id="action-token"),
        pytest.param(_job(f"      - uses: pypa/gh-action-pypi-publish{PIN}\n",
                          permissions=_ID_TOKEN), {},
                     ("pypa/gh-action-pypi-publish", "trusted", None, True), id="action-trusted"),
        pytest.param(_job("      - run: twine upload dist/*\n",
                          env="env:\n  TWINE_PASSWORD: ${{ secrets.T }}\n"), {},
                     ("twine upload", "token", "secrets.T", False), id="twine-workflow-env"),
        pytest.param(_job("      - run: uv publish --token ${{ secrets.UV }}\n"), {},
                     ("uv publish", "token", "secrets.UV", False), id="uv-token-flag"),
        pytest.param(_job("      - run: poetry publish --build\n"), {},
                     ("poetry publish", "unknown", None, False), id="poetry-no-token"),
        pytest.param(_job('      - run: poetry config pypi-token.pypi "$T"\n        env:\n'
                          "          T: ${{ secrets.PyPiToken }}\n"
                          "      - run: poetry publish --build\n"), {},
                     ("poetry publish", "token", "secrets.PyPiToken", False),
                     id="poetry-token-configured-before"),
        pytest.param(_job("      - run: |\n          mkdir -p dist\n          uv publish\n",
                          permissions=_ID_TOKEN), {},
                     ("uv publish", "trusted", None, True), id="flag-on-another-line"),
        pytest.param(_job("      - run: uv run releasegate publish-release\n",
                          permissions="    permissions: write-all\n"), {},
                     ("releasegate", "trusted", None, True), id="releasegate-write-all"),
        pytest.param(_job("      - uses: ./.github/actions/publish\n", permissions=_ID_TOKEN),
                     {".github/actions/publish/action.yml": "runs:\n  using: composite\n  steps:\n"
                      "    - run: python -m twine upload dist/*\n      shell: bash\n"},
                     ("twine upload", "trusted", None, True), id="composite-action"),
        pytest.param(_job("      - run: ./scripts/release.sh\n        env:\n"
                          "          UV_PUBLISH_TOKEN: ${{ secrets.U }}\n"),
                     {"scripts/release.sh": "#!/bin/sh\nuv build\nuv publish\n"},
                     ("uv publish", "token", "secrets.U", False), id="script"),
    ],
)  # fmt: skip
def test_uploads_and_their_credentials(
    tmp_path: Path, text: str, extra: dict[str, str], expected: tuple[str, str, str | None, bool]
):
    """Each way of uploading is found, with the credential the step passes."""
    (upload,) = uploads(workflows_of(tmp_path, {"w.yml": text, **extra}))
    assert (upload.tool, upload.credential, upload.token_source, upload.id_token) == expected


@pytest.mark.parametrize(
    "run",
    ["uv run releasegate release-pr", "invoke release-pr", "uv run invoke github-release",
     "echo 'twine'", "nox -s build"],
)  # fmt: skip
def test_steps_that_do_not_upload(tmp_path: Path, run: str):
    """Opening a release PR, tagging or building is not an upload."""
    assert list(uploads(workflows_of(tmp_path, {"w.yml": _job(f"      - run: {run}\n")}))) == []


def test_release_tools_through_a_reusable_workflow(tmp_path: Path):
    """A release tool in a called workflow counts for the caller."""
    workflows = workflows_of(
        tmp_path,
        {
            "caller.yml": "on: push\njobs:\n  r:\n    uses: ./.github/workflows/called.yml\n",
            "called.yml": "on: workflow_call\njobs:\n  r:\n    runs-on: x\n    steps:\n"
            f"      - uses: googleapis/release-please-action{PIN}\n"
            "      - run: uv run releasegate github-release\n",
        },
    )
    caller = workflows.get(".github/workflows/caller.yml")
    assert caller is not None
    assert release_tools(caller, workflows) == {"release-please-action", "releasegate"}


def test_tree_source_reads_the_commit_not_the_work_tree(tmp_path: Path):
    """The committed workflows are read from git; a work-tree edit is not."""
    spec = {"files": {".github/workflows/w.yml": "on: push\njobs: {}\n"}, "steps": []}
    root = build_repo(spec, tmp_path / "repo")
    (root / ".github/workflows/w.yml").write_text("on: pull_request\njobs: {}\n")
    (root / ".github/workflows/new.yml").write_text("on: push\njobs: {}\n")
    tree = Tree(root, git(root, "rev-parse", "HEAD"))
    try:
        committed = load_workflows(TreeSource(tree))
    finally:
        tree.close()
    local = load_workflows(WorkTreeSource(root))
    assert [(w.path, sorted(w.triggers)) for w in committed.workflows] == [
        (".github/workflows/w.yml", ["push"])
    ]
    assert [w.path for w in local.workflows] == [
        ".github/workflows/new.yml",
        ".github/workflows/w.yml",
    ]


def test_invalid_yaml_is_recorded(tmp_path: Path):
    """A file that is not YAML is listed with its line, and the others are still read."""
    workflows = workflows_of(tmp_path, {"bad.yml": "on: [push\n", "ok.yml": "on: push\n"})
    assert [w.path for w in workflows.workflows] == [".github/workflows/ok.yml"]
    assert workflows.unreadable == ((".github/workflows/bad.yml", "line 2"),)
