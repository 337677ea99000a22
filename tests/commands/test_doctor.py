"""``releasegate doctor``: repositories built to fail each check, and a healthy one."""

from __future__ import annotations

import copy
import json
import subprocess
from typing import TYPE_CHECKING, Any

import pytest
from tests._index_server import free_port, running_index
from tests._shapes import make_shape
from tests.builders import git
from tests.oracle.repo import build_repo

from releasegate.commands import init
from releasegate.commands.doctor import Options, run
from releasegate.templates import render

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

_WORKFLOWS = {
    ".github/workflows/ci.yml": render("ci.yml", run="uv run --locked"),
    ".github/workflows/release-please.yml": render(
        "release-please.yml", branch="main", name="doc-pkg", run="uv run --locked"
    ),
}
_PYPROJECT = '[project]\nname = "doc-pkg"\nversion = "1.0.0"\n'
_TRANSACTION = "\n[tool.releasegate]\ndraft-until-published = true\n"
HEALTHY: dict[str, Any] = {
    "files": {
        "pyproject.toml": _PYPROJECT + _TRANSACTION,
        "doc_pkg/__init__.py": "",
        "uv.lock": "version = 1\n",
        **_WORKFLOWS,
    },
    "config": {
        "release-type": "python",
        "include-component-in-tag": False,
        "packages": {".": {"package-name": "doc-pkg"}},
    },
    "manifest": {".": "1.0.0"},
    "steps": [{"tag": "v1.0.0"}, {"commit": "feat: add a", "files": {"a.py": "a = 1\n"}}],
}
_PUBLISH_ON_RELEASE = """\
name: publish
on:
  release:
    types: [published]
permissions: {}
jobs:
  publish:
    runs-on: ubuntu-latest
    environment: pypi
    permissions:
      id-token: write
    steps:
      - run: uv run invoke release
"""
_UNPINNED = """\
name: loose
on: pull_request
permissions: {}
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          pip install nox
          nox -s lint
"""


def _doctor(root: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> tuple[int, str]:
    code = run(Options(project=root, no_index=True, json="--json" in flags))
    return code, capsys.readouterr().out


def _spec(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    spec = copy.deepcopy(HEALTHY)
    change(spec)
    return spec


def _steps(*steps: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    return lambda spec: spec.__setitem__("steps", list(steps))


def _config(**options: Any) -> Callable[[dict[str, Any]], None]:
    return lambda spec: spec["config"].update(options)


def _file(path: str, text: str | None) -> Callable[[dict[str, Any]], None]:
    def change(spec: dict[str, Any]) -> None:
        if text is None:
            spec["files"].pop(path)
        else:
            spec["files"][path] = text

    return change


def _raw_config(text: str) -> Callable[[dict[str, Any]], None]:
    def change(spec: dict[str, Any]) -> None:
        spec["config"] = None
        spec["files"]["release-please-config.json"] = text

    return change


def test_healthy_repository_is_all_ok(tmp_path, capsys):
    """Every check passes on a tagged, conventional, init-shaped repository: exit 0."""
    root = build_repo(HEALTHY, tmp_path / "repo")
    code, out = _doctor(root, capsys)
    levels = {line.split()[0] for line in out.splitlines()[:-1]}
    assert code == 0, out
    assert levels <= {"ok", "skipped"}, out
    assert "next release 1.1.0 (minor) (1 feat)" in out
    assert out.endswith("nothing stops a release; 0 warning(s)\n")


@pytest.mark.parametrize(("scheme", "stray"), [("pep440", False), ("semver", True)])
def test_pep440_candidate_tags_are_release_tags(tmp_path, capsys, scheme, stray):
    """Under version-scheme pep440, v1.1.0rc1 is a release tag, not a stray one."""
    spec = _spec(_steps({"tag": "v1.0.0"}, {"commit": "feat: a"}, {"tag": "v1.1.0rc1"}))
    spec["files"]["pyproject.toml"] += f'version-scheme = "{scheme}"\n'
    _, out = _doctor(build_repo(spec, tmp_path / "repo"), capsys, "--json")
    messages = [f["message"] for f in json.loads(out)["findings"] if f["check"] == "tags"]
    assert any("'v1.1.0rc1'" in m and "look like releases" in m for m in messages) is stray


def test_json_is_one_document(tmp_path, capsys):
    """--json prints one JSON document with the same findings."""
    root = build_repo(_spec(_steps({"commit": "feat: a"})), tmp_path / "repo")
    code, out = _doctor(root, capsys, "--json")
    document = json.loads(out)
    assert code == 1
    assert document["ok"] is False
    assert {"check": "tags", "level": "problem"}.items() <= next(
        f for f in document["findings"] if f["check"] == "tags"
    ).items()


@pytest.mark.parametrize(
    ("change", "check", "level", "text"),
    [
        # config and manifest
        pytest.param(_raw_config('{\n  "packages": {".": {},}\n}\n'), "config", "problem",
                     "release-please-config.json:2:", id="config-json-error"),
        pytest.param(_config(packages={".": {"release-type": 3}}), "config", "problem",
                     'release-please-config.json: packages["."].release-type: expected a string',
                     id="config-schema-error"),
        pytest.param(_config(**{"relase-type": "python"}), "config", "warning", "relase-type",
                     id="config-unknown-key"),
        pytest.param(lambda s: s.__setitem__("manifest", {".": 1}), "manifest", "problem",
                     '.release-please-manifest.json: ".": expected a version string', id="manifest"),
        pytest.param(_config(packages={".": {}, "libs/x": {}}), "packages", "problem",
                     "packages['libs/x']: no such directory", id="package-path"),
        # options that do not do what they seem to
        pytest.param(_config(**{"separate-pull-requests": False}), "options", "warning",
                     'titles the PR "chore: release main"', id="separate-pull-requests"),
        pytest.param(_config(**{"release-as": "2.0.0"}), "options", "warning",
                     "release-as '2.0.0' forces", id="release-as"),
        # tags
        pytest.param(_steps({"commit": "feat: a"}), "tags", "problem",
                     "manifest version 1.0.0 has no tag 'v1.0.0'", id="missing-tag"),
        pytest.param(_steps({"tag": "v1.0.0"}, {"tag": "doc-pkg-v0.9.0"}), "tags", "warning",
                     "1 tag(s) look like releases but not like v1.2.3: 'doc-pkg-v0.9.0'",
                     id="stray-tag"),
        # commits since the release
        pytest.param(_steps({"tag": "v1.0.0"}), "commits", "ok",
                     "no commits since v1.0.0; nothing to release", id="no-commits"),
        pytest.param(_steps({"tag": "v1.0.0"}, {"commit": "chore: tidy"}, {"commit": "ci: x"}),
                     "commits", "warning", "no release PR (2 commit(s) since v1.0.0, 2 "
                     "conventional): only hidden types (1 chore, 1 ci)", id="hidden-types"),
        pytest.param(_steps({"tag": "v1.0.0"}, {"commit": "update stuff"}), "commits", "warning",
                     "none of the 1 commit(s) since v1.0.0 is conventional", id="non-conventional"),
        pytest.param(_steps({"tag": "v1.0.0"}, {"commit": "feat: a"}, {"commit": "wip"}),
                     "commits", "warning", "1 commit(s) do not parse as conventional and stay out "
                     "of the changelog: ", id="names-unparsed"),
        pytest.param(lambda s: (_config(**{"exclude-paths": ["docs"]})(s), _steps(
                     {"tag": "v1.0.0"}, {"commit": "feat: doc", "files": {"docs/a.md": "a"}})(s)),
                     "commits", "warning", "every change is under exclude-paths", id="excluded"),
        pytest.param(lambda s: (_config(**{"commit-search-depth": 2})(s), _steps(
                     {"tag": "v1.0.0"}, {"commit": "feat: a"}, {"commit": "feat: b"},
                     {"commit": "feat: c"})(s)), "commits", "warning",
                     "v1.0.0 is more than commit-search-depth (2) commits back", id="depth"),
        # the project's files
        pytest.param(_file("pyproject.toml", '[project]\nname = "doc-pkg"\nversion = "0.9.0"\n'),
                     "versions", "problem", "pyproject.toml says 0.9.0, "
                     ".release-please-manifest.json says 1.0.0", id="version-mismatch"),
        # workflows
        pytest.param(_file(".github/workflows/publish.yml", _PUBLISH_ON_RELEASE), "workflows",
                     "problem", "publishing waits for a release: event, but releases created "
                     "with GITHUB_TOKEN send none", id="release-trigger"),
        pytest.param(_file(".github/workflows/loose.yml", _UNPINNED), "workflows", "warning",
                     "actions/checkout@v4 is not pinned", id="unpinned"),
        pytest.param(_file(".github/workflows/loose.yml", _UNPINNED), "workflows", "warning",
                     "checkout keeps the token in .git/config", id="persist-credentials"),
        pytest.param(_file(".github/workflows/loose.yml", _UNPINNED), "workflows", "warning",
                     "a multi-line run:", id="multi-line-run"),
        pytest.param(_file("uv.lock", None), "workflows", "problem",
                     "the workflows run 'uv run --locked' but there is no uv.lock", id="no-lock"),
        pytest.param(_file(".github/workflows/env.yml", _PUBLISH_ON_RELEASE.replace(
                     "uv run invoke release", "uv run nox -s build")), "workflows", "warning",
                     "the pypi environment on a job that does not publish", id="pypi-env"),
        pytest.param(_file(".github/workflows/release-please.yml", _WORKFLOWS[
                     ".github/workflows/release-please.yml"].replace(
                     "releasegate publish-release", "invoke release")), "workflows", "problem",
                     "draft-until-published is on but no workflow runs 'releasegate "
                     "publish-release'", id="draft-without-publish-release"),
        pytest.param(_file("pyproject.toml", _PYPROJECT), "workflows", "problem",
                     "a workflow runs 'releasegate publish-release' but draft-until-published "
                     "is off", id="publish-release-without-draft"),
    ],
)  # fmt: skip
def test_each_check_finds_its_failure(  # noqa: PLR0917 - one parameter per table column
    tmp_path, capsys, change, check, level, text
):
    """A repository built to fail one check gets that finding; exit 1 only for a problem."""
    root = build_repo(_spec(change), tmp_path / "repo")
    code, out = _doctor(root, capsys)
    lines = [line for line in out.splitlines() if line.startswith(f"{level:<8} {check}: ")]
    assert any(text in line for line in lines), out
    assert code == (1 if "\nproblem " in "\n" + out else 0)
    if level == "problem":
        assert code == 1


def test_tag_off_the_release_branch(tmp_path, capsys):
    """A manifest version tagged on another branch is a problem."""
    root = build_repo(_spec(_steps({"commit": "feat: a"})), tmp_path / "repo")
    git(root, "checkout", "-q", "-b", "side")
    git(root, "commit", "-q", "--allow-empty", "-m", "chore: release 1.0.0")
    git(root, "tag", "v1.0.0")
    git(root, "checkout", "-q", "main")
    code, out = _doctor(root, capsys)
    assert code == 1
    assert "problem  tags: packages['.']: tag 'v1.0.0' is not on branch 'main'" in out


def test_shallow_clone(tmp_path, capsys):
    """A shallow clone is a problem that names the fetch to fix it."""
    origin = build_repo(HEALTHY, tmp_path / "origin")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)],
        check=True,
        capture_output=True,
    )
    code, out = _doctor(clone, capsys)
    assert code == 1
    assert "problem  git: shallow clone" in out
    assert "fetch-depth: 0" in out


def test_not_a_repository(tmp_path):
    """Doctor outside a git repository is a one-line usage error."""
    from releasegate.errors import UsageError  # noqa: PLC0415

    with pytest.raises(UsageError, match="not a git repository"):
        run(Options(project=tmp_path, no_index=True))


@pytest.mark.parametrize(("uploaded", "level", "text"), [
    ([], "ok", "doc-pkg 1.1.0 is not on http://127.0.0.1:"),
    (["doc_pkg-1.1.0.tar.gz"], "problem", "doc-pkg 1.1.0 is already on http://127.0.0.1:"),
])  # fmt: skip
def test_next_version_on_the_index(tmp_path, capsys, uploaded, level, text):
    """The next version is looked up on the index; one already there is a problem."""
    root = build_repo(HEALTHY, tmp_path / "repo")
    with running_index(tmp_path / "index") as index:
        for name in uploaded:
            (index.packages / name).write_bytes(b"")
        code = run(Options(project=root, index_url=index.simple_url))
    out = capsys.readouterr().out
    assert f"{level:<8} index: {text}" in out
    assert code == (1 if level == "problem" else 0)


def test_unreachable_index_is_skipped(tmp_path, capsys):
    """An index that does not answer (offline) skips the lookup without failing."""
    root = build_repo(HEALTHY, tmp_path / "repo")
    url = f"http://127.0.0.1:{free_port()}/simple/"
    assert run(Options(project=root, index_url=url)) == 0
    assert f"skipped  index: {url} unreachable (offline?); not checked" in capsys.readouterr().out


def test_build_check(tmp_path, capsys):
    """--build builds the project and runs twine check --strict on it."""
    root = make_shape(tmp_path, "flat")
    assert init.run(init.Options(project=root)) == 0
    (root / "uv.lock").write_text("version = 1\n", encoding="utf-8")  # its presence is checked
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "chore: adopt releasegate")
    git(root, "tag", "v1.2.0")
    capsys.readouterr()
    code = run(Options(project=root, build=True, no_index=True))
    out = capsys.readouterr().out
    assert "ok       build: builds and passes twine check --strict: flat_pkg-1.2.0" in out
    assert code == 0, out


_RELEASE_PR_ONLY_WORKFLOW_TOKEN = _WORKFLOWS[".github/workflows/release-please.yml"].replace(
    "steps.app-token.outputs.token || secrets.RELEASE_PR_TOKEN || secrets.GITHUB_TOKEN",
    "github.token",
)


@pytest.mark.parametrize(
    ("workflow", "level", "text"),
    [
        pytest.param(None, "ok", "release-pr can run with a token other than the workflow's own",
                     id="init-switch"),
        pytest.param(_RELEASE_PR_ONLY_WORKFLOW_TOKEN, "warning", "release-pr runs with the "
                     "workflow's GITHUB_TOKEN, so the release PR gets no checks", id="own-token"),
    ],
)  # fmt: skip
def test_release_pr_checks(tmp_path, capsys, workflow, level, text):
    """Doctor says when the release PR will get no checks: release-pr has only GITHUB_TOKEN."""
    change = (
        _file(".github/workflows/release-please.yml", workflow)
        if workflow
        else _steps(*HEALTHY["steps"])
    )
    root = build_repo(_spec(change), tmp_path / "repo")
    _, out = _doctor(root, capsys)
    (line,) = [ln for ln in out.splitlines() if " release PR checks: " in ln]
    assert line.startswith(f"{level:<8} release PR checks: release-please.yml: "), out
    assert text in line
