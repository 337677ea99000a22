"""``releasegate doctor``: repositories built to fail each check, and healthy ones.

Every assertion reads the report as data (``doctor --json``: check, level, code, details),
never its wording.
"""

from __future__ import annotations

import copy
import json
import subprocess
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import pytest
from tests._github_server import github_in_env
from tests._index_server import free_port, running_index
from tests._shapes import make_shape
from tests.builders import git, git_env, plan_main
from tests.oracle.repo import build_repo

from releasegate import _proc
from releasegate.adopt.templates import render
from releasegate.commands import init
from releasegate.commands.doctor import Options, run
from releasegate.engine.repository import Repository

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from tests._github_server import FakeGitHub

RELEASE_YML = ".github/workflows/release-please.yml"
_WORKFLOWS = {
    ".github/workflows/ci.yml": render("ci.yml", run="uv run --locked"),
    RELEASE_YML: render("release-please.yml", branch="main", name="doc-pkg", run="uv run --locked"),
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
PIN = "@ed0c53931b1dc9bd32cbe73a98c7f6766f8a527e # v1.12.4"
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


def _manual(job: str) -> str:
    """A workflow started by hand whose one job is ``job`` (indented YAML of the job body)."""
    return (
        "name: manual\non: workflow_dispatch\npermissions: {}\njobs:\n  upload:\n"
        "    runs-on: ubuntu-latest\n" + job
    )


# pypa's action with an API token, on a job that also fetches secrets by OIDC (launchdarkly)
_ACTION_TOKEN = _manual(f"""\
    permissions:
      id-token: write
    steps:
      - uses: pypa/gh-action-pypi-publish{PIN}
        with:
          password: ${{{{ secrets.PYPI_API_TOKEN }}}}
""")
_ACTION_NO_ID_TOKEN = _manual(f"""\
    environment: pypi
    steps:
      - uses: pypa/gh-action-pypi-publish{PIN}
""")
_UV_PUBLISH_TRUSTED = _manual("""\
    environment: release-pypi
    permissions:
      id-token: write
    steps:
      - run: uv publish
""")
_TWINE_SCRIPT = _manual("""\
    steps:
      - run: bash ./bin/publish
        env:
          TWINE_PASSWORD: ${{ secrets.PYPI_TOKEN }}
""")
_RELEASE_PLEASE_ACTION = """\
name: release-please
on:
  push:
    branches: [main]
permissions:
  contents: write
  pull-requests: write
jobs:
  release-please:
    runs-on: ubuntu-latest
    steps:
      - uses: googleapis/release-please-action@16a9c90856f42705d54a6fda1823352bdc62cf38 # v4.4.0
"""
# Stainless's SDKs run release-please through Stainless's service, on push to main
_STAINLESS_RELEASE = """\
on:
  push:
    branches: [main]
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: stainless-api/trigger-release-please@v1
        id: release
"""
_CI_WITHOUT_CALL = """\
name: CI
on:
  pull_request:
permissions: {}
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: uv run --locked nox -s lint
"""


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No user git config, no Actions variables, no token, fast retries."""
    for name in (
        "GITHUB_TOKEN", "GH_TOKEN", "GITHUB_API_URL", "GITHUB_REPOSITORY", "GITHUB_ACTIONS",
        "GITHUB_REF", "GITHUB_REF_NAME", "GITHUB_REF_TYPE", "GITHUB_BASE_REF",
    ):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    for key, value in git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("RELEASEGATE_RETRY_DELAY", "0.001")


def doctor(
    root: Path, capsys: pytest.CaptureFixture[str], **options: Any
) -> tuple[int, list[dict[str, Any]]]:
    """Run ``doctor --json`` (no index lookup unless told); return its exit code and findings."""
    options.setdefault("no_index", True)
    code = run(Options(project=root, json=True, **options))
    document = json.loads(capsys.readouterr().out)
    assert document["ok"] is (code == 0)
    return code, document["findings"]


def codes(findings: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    """Each finding as (check, level, code)."""
    return {(f["check"], f["level"], f["code"]) for f in findings}


def the(findings: list[dict[str, Any]], code: str) -> dict[str, Any]:
    """The one finding with ``code``."""
    (found,) = [f for f in findings if f["code"] == code]
    return found


def _spec(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
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


def _files(**changes: str) -> Callable[[dict[str, Any]], None]:
    def change(spec: dict[str, Any]) -> None:
        for path, text in changes.items():
            spec["files"][path.replace("__", "/")] = text

    return change


def _edit(path: str, old: str, new: str) -> Callable[[dict[str, Any]], None]:
    def change(spec: dict[str, Any]) -> None:
        assert old in spec["files"][path]
        spec["files"][path] = spec["files"][path].replace(old, new)

    return change


def _raw_config(text: str) -> Callable[[dict[str, Any]], None]:
    def change(spec: dict[str, Any]) -> None:
        spec["config"] = None
        spec["files"]["release-please-config.json"] = text

    return change


def test_healthy_repository_is_all_ok(tmp_path, capsys):
    """Every check passes on a tagged, conventional, init-shaped repository: exit 0."""
    code, findings = doctor(build_repo(HEALTHY, tmp_path / "repo"), capsys)
    assert code == 0, findings
    assert {f["level"] for f in findings} <= {"ok", "skipped"}, findings
    assert the(findings, "next-release")["details"] == {
        "path": ".", "current": "1.0.0", "next": "1.1.0", "bump": "a minor release",
        "commits": 1, "conventional": 1, "unparsed": 0, "excluded": 0, "since": "v1.0.0",
    }  # fmt: skip
    assert the(findings, "upload-trusted")["details"]["environment"] == "pypi"
    assert the(findings, "branch")["details"]["how"] == "the current branch"


def test_json_is_one_document(tmp_path, capsys):
    """--json prints one document; every finding has check, level, code, message, details."""
    spec = _spec(_steps({"tag": "doc-pkg-v1.0.0"}, {"commit": "feat: a"}))
    code = run(Options(project=build_repo(spec, tmp_path / "repo"), no_index=True, json=True))
    document = json.loads(capsys.readouterr().out)
    assert (code, document["ok"]) == (1, False)
    for finding in document["findings"]:
        assert set(finding) == {"check", "level", "code", "message", "details"}
    assert ("tags", "problem", "tag-format") in codes(document["findings"])


@pytest.mark.parametrize(
    ("change", "check", "level", "code", "details"),
    [
        # config and manifest
        pytest.param(_raw_config('{\n  "packages": {".": {},}\n}\n'), "config", "problem",
                     "invalid", {"file": "release-please-config.json", "source": "branch"},
                     id="config-json-error"),
        pytest.param(_config(packages={".": {"release-type": 3}}), "config", "problem",
                     "invalid", {"file": "release-please-config.json"}, id="config-schema-error"),
        pytest.param(_config(**{"relase-type": "python"}), "config", "warning", "config-warning",
                     {}, id="config-unknown-key"),
        pytest.param(lambda s: s.__setitem__("manifest", {".": 1}), "manifest", "problem",
                     "invalid", {"file": ".release-please-manifest.json"}, id="manifest"),
        pytest.param(_config(packages={".": {}, "libs/x": {}}), "packages", "problem",
                     "no-such-directory", {"path": "libs/x"}, id="package-path"),
        # options that do not do what they seem to
        pytest.param(_config(**{"separate-pull-requests": False}), "options", "warning",
                     "separate-pull-requests", {}, id="separate-pull-requests"),
        pytest.param(_config(**{"release-as": "2.0.0"}), "options", "warning", "release-as",
                     {"version": "2.0.0"}, id="release-as"),
        # tags
        pytest.param(_steps({"commit": "feat: a"}), "tags", "warning", "missing-tag",
                     {"tag": "v1.0.0", "version": "1.0.0"}, id="missing-tag"),
        pytest.param(_steps({"tag": "doc-pkg-v1.0.0"}, {"commit": "feat: a"}), "tags",
                     "problem", "tag-format", {"tag": "v1.0.0", "found": ["doc-pkg-v1.0.0"]},
                     id="tag-in-another-format"),
        pytest.param(lambda s: (_steps({"commit": "feat: a"})(s), _config(**{
                     "bootstrap-sha": "0" * 40})(s)), "tags", "ok", "bootstrap",
                     {"tag": "v1.0.0"}, id="missing-tag-with-bootstrap-sha"),
        pytest.param(_steps({"tag": "v1.0.0"}, {"tag": "doc-pkg-v0.9.0"}), "tags", "warning",
                     "stray-tags", {"tags": ["doc-pkg-v0.9.0"]}, id="stray-tag"),
        # commits since the release, as the plan counts them
        pytest.param(_steps({"tag": "v1.0.0"}), "commits", "ok", "nothing-to-release",
                     {"commits": 0, "since": "v1.0.0"}, id="no-commits"),
        pytest.param(_steps({"tag": "v1.0.0"}, {"commit": "chore: tidy"}, {"commit": "ci: x"}),
                     "commits", "warning", "no-releasing-commit",
                     {"commits": 2, "types": {"chore": 1, "ci": 1}}, id="hidden-types"),
        pytest.param(_steps({"tag": "v1.0.0"}, {"commit": "update stuff"}), "commits", "warning",
                     "none-conventional", {"commits": 1, "unparsed": 1}, id="non-conventional"),
        pytest.param(_steps({"tag": "v1.0.0"}, {"commit": "feat: a"}, {"commit": "wip"}),
                     "commits", "warning", "unparsed-commits", {"path": "."}, id="names-unparsed"),
        pytest.param(lambda s: (_config(**{"exclude-paths": ["docs"]})(s), _steps(
                     {"tag": "v1.0.0"}, {"commit": "feat: doc", "files": {"docs/a.md": "a"}})(s)),
                     "commits", "warning", "all-excluded", {"excluded": 1, "commits": 0},
                     id="excluded"),
        pytest.param(lambda s: (_config(**{"commit-search-depth": 2})(s), _steps(
                     {"tag": "v1.0.0"}, {"commit": "feat: a"}, {"commit": "feat: b"},
                     {"commit": "feat: c"})(s)), "commits", "warning", "depth",
                     {"tag": "v1.0.0", "depth": 2}, id="depth"),
        # the project's files
        pytest.param(_file("pyproject.toml", '[project]\nname = "doc-pkg"\nversion = "0.9.0"\n'),
                     "versions", "problem", "version-mismatch",
                     {"file_version": "0.9.0", "manifest_version": "1.0.0"}, id="version-mismatch"),
        # how the workflows upload: any environment name, or none, is fine for PyPI
        pytest.param(_edit(RELEASE_YML, "name: pypi", "name: publish"), "workflows", "ok",
                     "upload-trusted", {"environment": "publish", "tool": "releasegate"},
                     id="environment-publish"),
        pytest.param(_edit(RELEASE_YML, "    environment:\n      name: pypi\n"
                           "      url: https://pypi.org/project/doc-pkg/\n", ""),
                     "workflows", "ok", "upload-trusted", {"environment": None},
                     id="no-environment"),
        pytest.param(_file(".github/workflows/manual.yml", _UV_PUBLISH_TRUSTED), "workflows",
                     "ok", "upload-trusted", {"environment": "release-pypi", "tool": "uv publish"},
                     id="uv-publish-release-pypi"),
        pytest.param(_file(".github/workflows/manual.yml", _ACTION_TOKEN), "workflows", "ok",
                     "upload-token", {"tool": "pypa/gh-action-pypi-publish",
                                      "token": "secrets.PYPI_API_TOKEN", "environment": None},
                     id="api-token-with-oidc-for-other-things"),
        pytest.param(_files(**{".github/workflows/manual.yml": _TWINE_SCRIPT,
                               "bin/publish": "#!/bin/sh\npython -m twine upload dist/*\n"}),
                     "workflows", "ok", "upload-token",
                     {"tool": "twine upload", "token": "secrets.PYPI_TOKEN"}, id="script-twine"),
        pytest.param(_file(".github/workflows/manual.yml", _ACTION_NO_ID_TOKEN), "workflows",
                     "problem", "trusted-publishing-without-id-token",
                     {"workflow": ".github/workflows/manual.yml", "job": "upload"},
                     id="trusted-without-id-token"),
        # how the workflows fit together
        pytest.param(_file(".github/workflows/ci.yml", _CI_WITHOUT_CALL), "workflows", "problem",
                     "not-reusable", {"calls": "./.github/workflows/ci.yml", "job": "gates"},
                     id="ci-without-workflow-call"),
        pytest.param(_file(".github/workflows/ci.yml", None), "workflows", "problem",
                     "missing-reusable-workflow", {"calls": "./.github/workflows/ci.yml"},
                     id="ci-missing"),
        pytest.param(_file(".github/workflows/release-please-action.yml", _RELEASE_PLEASE_ACTION),
                     "workflows", "problem", "two-release-tools",
                     {"tools": ["release-please-action", "releasegate"]}, id="two-release-tools"),
        pytest.param(_file(".github/workflows/create-releases.yml", _STAINLESS_RELEASE),
                     "workflows", "problem", "two-release-tools",
                     {"tools": ["stainless-api/trigger-release-please", "releasegate"]},
                     id="two-release-tools-stainless"),
        # click: publish.yaml on tag pushes; init's Release workflow publishes those releases
        pytest.param(_file(".github/workflows/publish.yml", _PUBLISH_ON_RELEASE), "workflows",
                     "warning", "release-event-idle",
                     {"workflow": ".github/workflows/publish.yml"}, id="release-trigger-idle"),
        pytest.param(lambda s: (_file(".github/workflows/publish.yml", _PUBLISH_ON_RELEASE)(s),
                     _edit(RELEASE_YML, "releasegate publish-release", "echo published")(s)),
                     "workflows", "problem", "release-event-never-sent",
                     {"workflow": ".github/workflows/publish.yml"}, id="release-trigger"),
        pytest.param(_edit(RELEASE_YML, "releasegate publish-release", "invoke release"),
                     "workflows", "problem", "draft-without-publish-release", {},
                     id="draft-without-publish-release"),
        pytest.param(_file("pyproject.toml", _PYPROJECT), "workflows", "problem",
                     "publish-release-without-draft", {"job": "publish"},
                     id="publish-release-without-draft"),
        pytest.param(_file("uv.lock", None), "workflows", "problem", "no-lock", {}, id="no-lock"),
        # hygiene: warnings, one per kind and file
        pytest.param(_file(".github/workflows/loose.yml", _UNPINNED), "workflows", "warning",
                     "unpinned-action", {"steps": ["job lint step 1 (actions/checkout@v4)"]},
                     id="unpinned"),
        pytest.param(_file(".github/workflows/loose.yml", _UNPINNED), "workflows", "warning",
                     "persist-credentials", {"steps": ["job lint step 1"]},
                     id="persist-credentials"),
        pytest.param(_file(".github/workflows/loose.yml", _UNPINNED), "workflows", "warning",
                     "multi-line-run", {"steps": ["job lint step 2"]}, id="multi-line-run"),
        pytest.param(_edit(RELEASE_YML, "permissions: {}", "permissions:\n  id-token: write"),
                     "workflows", "warning", "id-token-for-every-job", {}, id="id-token-on-top"),
    ],
)  # fmt: skip
def test_each_check_finds_its_failure(  # noqa: PLR0917 - one parameter per table column
    tmp_path, capsys, change, check, level, code, details
):
    """A repository built to fail one check gets that finding; exit 1 only for a problem."""
    exit_code, findings = doctor(build_repo(_spec(change), tmp_path / "repo"), capsys)
    assert (check, level, code) in codes(findings), findings
    found = [f for f in findings if f["code"] == code and f["level"] == level]
    assert any(details.items() <= f["details"].items() for f in found), found
    assert exit_code == (1 if any(f["level"] == "problem" for f in findings) else 0)


@pytest.mark.parametrize(
    "change",
    [
        _edit(RELEASE_YML, "name: pypi", "name: publish"),
        _file(".github/workflows/manual.yml", _ACTION_TOKEN),
        _file(".github/workflows/loose.yml", _UNPINNED),
    ],
    ids=["environment-publish", "api-token", "zizmor-findings"],
)
def test_working_setups_exit_0(tmp_path, capsys, change):
    """Setups that release fine are not problems: no environment rule, zizmor only warns."""
    exit_code, findings = doctor(build_repo(_spec(change), tmp_path / "repo"), capsys)
    assert exit_code == 0, [f for f in findings if f["level"] == "problem"]
    if _proc.which("zizmor") is not None and "loose.yml" in str(findings):
        assert ("zizmor", "warning", "findings") in codes(findings)


def test_tag_off_the_release_branch(tmp_path, capsys):
    """A manifest version tagged on another branch is a problem."""
    root = build_repo(_spec(_steps({"commit": "feat: a"})), tmp_path / "repo")
    git(root, "checkout", "-q", "-b", "side")
    git(root, "commit", "-q", "--allow-empty", "-m", "chore: release 1.0.0")
    git(root, "tag", "v1.0.0")
    git(root, "checkout", "-q", "main")
    code, findings = doctor(root, capsys)
    assert code == 1
    assert the(findings, "tag-not-on-branch")["details"]["tag"] == "v1.0.0"


def test_shallow_clone(tmp_path, capsys):
    """A shallow clone is a problem that names the fetch to fix it."""
    origin = build_repo(HEALTHY, tmp_path / "origin")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)],
        check=True,
        capture_output=True,
    )
    code, findings = doctor(clone, capsys)
    assert code == 1
    assert ("git", "problem", "shallow-clone") in codes(findings)


def test_not_a_repository(tmp_path):
    """Doctor outside a git repository is a one-line usage error."""
    from releasegate.errors import UsageError  # noqa: PLC0415

    with pytest.raises(UsageError, match="not a git repository"):
        run(Options(project=tmp_path, no_index=True))


# -- the plan: the same numbers as release-pr -------------------------------------------------
_SQUASH = "fix: thread safety (#614)\n\n* fix: lock the pool\n\n* fix: reset on shutdown\n"
_MONOREPO: dict[str, Any] = {
    "files": {
        "pyproject.toml": _PYPROJECT,
        "libs/b/pyproject.toml": '[project]\nname = "b"\nversion = "0.1.0"\n',
    },
    "config": {"release-type": "python", "packages": {".": {}, "libs/b": {"component": "b"}}},
    "manifest": {".": "1.0.0", "libs/b": "0.1.0"},
    "steps": [
        {"tag": "v1.0.0"},
        {"tag": "b-v0.1.0"},
        {"commit": "feat: root", "files": {"r.py": "r"}},
        {"commit": "fix: b", "files": {"libs/b/b.py": "b"}},
        {"commit": "docs: both", "files": {"libs/b/README": "b", "README": "r"}},
    ],
}


@pytest.mark.parametrize(
    "spec",
    [
        _spec(_steps({"tag": "v1.0.0"}, {"commit": _SQUASH}, {"commit": "chore: deps"})),
        _spec(lambda s: (_config(**{"exclude-paths": ["docs"]})(s), _steps(
            {"tag": "v1.0.0"}, {"commit": "feat: doc", "files": {"docs/a.md": "a"}},
            {"commit": "fix: code", "files": {"b.py": "b"}})(s))),
        _MONOREPO,
    ],
    ids=["squash-body", "exclude-paths", "monorepo"],
)  # fmt: skip
def test_counts_and_version_come_from_the_plan(tmp_path, capsys, spec):
    """Commit counts and the next version are release-pr's plan's, package by package."""
    root = build_repo(spec, tmp_path / "repo")
    _, findings = doctor(root, capsys)
    plan = plan_main(root, repository=Repository("owner", "repo"))
    reported = {f["details"]["path"]: f["details"] for f in findings if f["check"] == "commits"
                and "conventional" in f["details"]}  # fmt: skip
    for package in plan.packages:
        facts = reported[package.path]
        assert facts["next"] == package.next_version
        assert facts["commits"] == len(package.considered)
        assert facts["conventional"] == package.commits
        assert facts["excluded"] == package.excluded
    if "squash-body" in str(spec):
        assert (reported["."]["commits"], reported["."]["conventional"]) == (2, 4)


# -- the target branch ------------------------------------------------------------------------
def test_detached_head_checks_the_default_branch(tmp_path, capsys):
    """A detached HEAD (as CI checks out) is not 0 commits: origin's default branch is read."""
    origin = build_repo(HEALTHY, tmp_path / "origin")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    git(clone, "checkout", "-q", "v1.0.0")
    git(clone, "branch", "-q", "-D", "main")  # a CI checkout has no local branch
    code, findings = doctor(clone, capsys)
    branch = the(findings, "branch")["details"]
    assert (branch["branch"], branch["how"].split(";")[0]) == ("main", "origin's default branch")
    assert the(findings, "next-release")["details"]["commits"] == 1
    assert ("versions", "skipped", "not-checked-out") in codes(findings)
    assert code == 0, findings


def test_detached_head_in_github_actions(tmp_path, capsys, monkeypatch):
    """On a detached HEAD in Actions, the branch is $GITHUB_REF_NAME, whatever its name."""
    spec = copy.deepcopy(HEALTHY)
    spec["branch"] = "trunk"
    spec["files"][RELEASE_YML] = render(
        "release-please.yml", branch="trunk", name="doc-pkg", run="uv run --locked"
    )
    root = build_repo(spec, tmp_path / "repo")
    git(root, "checkout", "-q", "--detach", "HEAD")
    monkeypatch.setenv("GITHUB_REF_NAME", "trunk")
    monkeypatch.setenv("GITHUB_REF_TYPE", "branch")
    monkeypatch.setenv("GITHUB_REF", "refs/heads/trunk")
    code, findings = doctor(root, capsys)
    assert the(findings, "branch")["details"]["branch"] == "trunk"
    assert the(findings, "next-release")["details"]["next"] == "1.1.0"
    assert code == 0, findings


def test_detached_head_without_a_known_branch(tmp_path, capsys):
    """No branch, no origin, no Actions variable: one problem asking for --branch."""
    spec = copy.deepcopy(HEALTHY)
    spec["branch"] = "trunk"
    root = build_repo(spec, tmp_path / "repo")
    git(root, "checkout", "-q", "--detach", "HEAD")
    git(root, "branch", "-q", "-m", "trunk", "develop")
    git(root, "branch", "-q", "other")
    code, findings = doctor(root, capsys)
    assert code == 1
    assert ("git", "problem", "no-branch") in codes(findings)
    assert not any(f["check"] == "commits" for f in findings)


# -- one copy of the release files ------------------------------------------------------------
def test_committed_settings_broken_fixed_in_the_work_tree(tmp_path, capsys):
    """A broken committed [tool.releasegate] is one problem; nothing says the config is ok."""
    broken = _PYPROJECT + "\n[tool.releasegate]\nstrict = 'yes'\n"
    root = build_repo(_spec(_file("pyproject.toml", broken)), tmp_path / "repo")
    (root / "pyproject.toml").write_text(_PYPROJECT + _TRANSACTION, encoding="utf-8")
    code, findings = doctor(root, capsys)
    assert code == 1
    config = [f for f in findings if f["check"] == "config"]
    assert [(f["level"], f["code"]) for f in config] == [("problem", "invalid")]
    assert config[0]["details"] == {
        "source": "branch", "branch": "main", "commit": git(root, "rev-parse", "HEAD"),
        "file": "pyproject.toml", "work_tree_differs": True,
    }  # fmt: skip
    assert not any(f["check"] in {"plan", "commits"} for f in findings)


def test_committed_config_broken_fixed_in_the_work_tree(tmp_path, capsys):
    """release-pr reads the branch: a broken committed config is the problem, fixed or not."""
    root = build_repo(_spec(_config(packages={".": {"release-type": 3}})), tmp_path / "repo")
    (root / "release-please-config.json").write_text(
        json.dumps(HEALTHY["config"]), encoding="utf-8"
    )
    code, findings = doctor(root, capsys)
    assert code == 1
    assert [(f["level"], f["code"]) for f in findings if f["check"] == "config"] == [
        ("problem", "invalid")
    ]
    assert the(findings, "invalid")["details"]["work_tree_differs"] is True


def test_work_tree_edit_is_a_warning_and_not_read(tmp_path, capsys):
    """A valid committed config with a different work-tree copy: the branch's is used."""
    root = build_repo(HEALTHY, tmp_path / "repo")
    edited = {**HEALTHY["config"], "release-as": "3.0.0"}
    (root / "release-please-config.json").write_text(json.dumps(edited), encoding="utf-8")
    code, findings = doctor(root, capsys)
    assert code == 0
    assert ("config", "warning", "work-tree-differs") in codes(findings)
    assert not any(f["code"] == "release-as" for f in findings)
    assert {f["details"]["source"] for f in findings if f["code"] == "valid"} == {"branch"}


def test_release_files_not_committed(tmp_path, capsys):
    """Files only in the work tree (init, before the commit): read there, and a problem."""
    spec = copy.deepcopy(HEALTHY)
    config, manifest = spec.pop("config"), spec.pop("manifest")
    root = build_repo(spec, tmp_path / "repo")
    (root / "release-please-config.json").write_text(json.dumps(config), encoding="utf-8")
    (root / ".release-please-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    code, findings = doctor(root, capsys)
    assert code == 1
    assert ("config", "problem", "not-committed") in codes(findings)
    assert {f["details"]["source"] for f in findings if f["code"] == "valid"} == {"work tree"}
    assert ("commits", "skipped", "not-committed") in codes(findings)


def test_workflows_are_read_from_the_branch(tmp_path, capsys):
    """A workflow fixed in the work tree only is still broken for GitHub, and says so."""
    root = build_repo(_spec(_file(".github/workflows/ci.yml", _CI_WITHOUT_CALL)), tmp_path / "r")
    (root / ".github/workflows/ci.yml").write_text(
        render("ci.yml", run="uv run --locked"), encoding="utf-8"
    )
    code, findings = doctor(root, capsys)
    assert code == 1
    assert ("workflows", "problem", "not-reusable") in codes(findings)
    assert the(findings, "work-tree-differs")["details"] == {"files": [".github/workflows/ci.yml"]}


# -- a release PR merged and not released yet ------------------------------------------------
def merge_release_pr(root: Path, *, tag: bool = False) -> dict[str, Any]:
    """Commit the release PR the plan opens, as its merge would; return title, branch, body, sha."""
    plan = plan_main(root, repository=Repository("octo", "demo"),
                     now=datetime(2024, 2, 1, tzinfo=timezone.utc))  # fmt: skip
    (pr,) = plan.pull_requests
    for update in pr.updates:
        (root / update.path).write_text(update.content, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"{pr.title} (#7)")
    if tag:
        git(root, "tag", f"v{pr.version}")
    return {"title": pr.title, "head": pr.head_branch, "body": pr.body,
            "sha": git(root, "rev-parse", "HEAD")}  # fmt: skip


def test_merged_release_not_tagged(tmp_path, capsys):
    """The manifest holds a version a merge set and no tag has: release-pr stops, say why."""
    root = build_repo(HEALTHY, tmp_path / "repo")
    merged = merge_release_pr(root)
    git(root, "commit", "-q", "--allow-empty", "-m", "fix: after the release")
    code, findings = doctor(root, capsys)
    assert code == 1
    assert the(findings, "untagged-release")["details"] == {
        "path": ".", "version": "1.1.0", "tag": "v1.1.0", "commit": merged["sha"],
        "previous": "1.0.0",
    }  # fmt: skip
    assert not any(f["code"] in {"missing-tag", "next-release"} for f in findings)
    assert the(findings, "not-planned")["details"] == {"path": ".", "tag": "v1.1.0"}


@pytest.fixture
def gh(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    """The GitHub stand-in, reached through the environment as in CI."""
    with github_in_env(monkeypatch, token="ghs_doctor0123456789") as server:
        yield server


def test_pending_release_pr_needs_a_token(tmp_path, capsys):
    """Without a token the GitHub lookup is skipped, and one line says so."""
    _, findings = doctor(build_repo(HEALTHY, tmp_path / "repo"), capsys)
    assert ("github", "skipped", "no-token") in codes(findings)


@pytest.mark.parametrize(
    ("draft_until_published", "fix"),
    [(True, "waits for publish-release"), (False, "not relabelled")],
)
def test_merged_release_pr_still_pending(tmp_path, capsys, gh, draft_until_published, fix):
    """A tagged release PR still labelled pending is a problem naming what finishes it."""
    spec = (
        HEALTHY
        if draft_until_published
        else _spec(_edit(RELEASE_YML, "releasegate publish-release", "invoke release"))
    )
    if not draft_until_published:
        spec["files"]["pyproject.toml"] = _PYPROJECT
    root = build_repo(spec, tmp_path / "repo")
    merged = merge_release_pr(root, tag=True)
    gh.add_pull(title=merged["title"], head=merged["head"], body=merged["body"],
                labels=("autorelease: pending",), merged_sha=merged["sha"])  # fmt: skip
    code, findings = doctor(root, capsys)
    assert code == 1
    pending = the(findings, "pending-release-pr")
    assert pending["details"]["tags"] == ["v1.1.0"]
    assert pending["details"]["missing"] == []
    assert fix in pending["message"]


def test_pending_release_pr_untagged_is_reported_once(tmp_path, capsys, gh):
    """GitHub's pending PR and the untagged merge in git are one finding, with its fix."""
    root = build_repo(HEALTHY, tmp_path / "repo")
    merged = merge_release_pr(root)
    gh.add_pull(title=merged["title"], head=merged["head"], body=merged["body"],
                labels=("autorelease: pending",), merged_sha=merged["sha"])  # fmt: skip
    code, findings = doctor(root, capsys)
    assert code == 1
    assert ("tags", "problem", "untagged-release") in codes(findings)
    assert not any(f["code"] == "pending-release-pr" for f in findings)


def test_no_pending_release_pr(tmp_path, capsys, gh):
    """A released PR (relabelled tagged) is not pending."""
    root = build_repo(HEALTHY, tmp_path / "repo")
    merged = merge_release_pr(root, tag=True)
    gh.add_pull(title=merged["title"], head=merged["head"], body=merged["body"],
                labels=("autorelease: tagged",), merged_sha=merged["sha"])  # fmt: skip
    code, findings = doctor(root, capsys)
    assert ("github", "ok", "no-pending-release-pr") in codes(findings)
    assert code == 0, findings


# -- index and build --------------------------------------------------------------------------
@pytest.mark.parametrize(("uploaded", "level", "code"), [
    ([], "ok", "version-free"),
    (["doc_pkg-1.1.0.tar.gz"], "problem", "version-taken"),
])  # fmt: skip
def test_next_version_on_the_index(tmp_path, capsys, uploaded, level, code):
    """The next version is looked up on the index; one already there is a problem."""
    root = build_repo(HEALTHY, tmp_path / "repo")
    with running_index(tmp_path / "index") as index:
        for name in uploaded:
            (index.packages / name).write_bytes(b"")
        exit_code, findings = doctor(root, capsys, index_url=index.simple_url, no_index=False)
    assert ("index", level, code) in codes(findings)
    assert the(findings, code)["details"]["version"] == "1.1.0"
    assert exit_code == (1 if level == "problem" else 0)


def test_unreachable_index_is_skipped(tmp_path, capsys):
    """An index that does not answer (offline) skips the lookup without failing."""
    root = build_repo(HEALTHY, tmp_path / "repo")
    url = f"http://127.0.0.1:{free_port()}/simple/"
    code, findings = doctor(root, capsys, index_url=url, no_index=False)
    assert code == 0
    assert ("index", "skipped", "unreachable") in codes(findings)


def test_build_check(tmp_path, capsys):
    """--build builds the project and runs twine check --strict on it."""
    root = make_shape(tmp_path, "flat")
    assert init.run(init.Options(project=root)) == 0
    (root / "uv.lock").write_text("version = 1\n", encoding="utf-8")  # its presence is checked
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "chore: adopt releasegate")
    git(root, "tag", "v1.2.0")
    capsys.readouterr()
    code, findings = doctor(root, capsys, build=True)
    assert the(findings, "builds")["details"]["files"][0].startswith("flat_pkg-1.2.0")
    assert code == 0, [f for f in findings if f["level"] == "problem"]


_RELEASE_PR_ONLY_WORKFLOW_TOKEN = _WORKFLOWS[RELEASE_YML].replace(
    "steps.app-token.outputs.token || secrets.RELEASE_PR_TOKEN || secrets.GITHUB_TOKEN",
    "github.token",
)


@pytest.mark.parametrize(
    ("workflow", "level", "code"),
    [
        pytest.param(None, "ok", "release-pr-other-token", id="init-switch"),
        pytest.param(_RELEASE_PR_ONLY_WORKFLOW_TOKEN, "warning", "release-pr-own-token",
                     id="own-token"),
    ],
)  # fmt: skip
def test_release_pr_checks(tmp_path, capsys, workflow, level, code):
    """Doctor says when the release PR will get no checks: release-pr has only GITHUB_TOKEN."""
    change = _file(RELEASE_YML, workflow) if workflow else _steps(*HEALTHY["steps"])
    _, findings = doctor(build_repo(_spec(change), tmp_path / "repo"), capsys)
    (found,) = [f for f in findings if f["check"] == "release PR checks"]
    assert (found["level"], found["code"]) == (level, code)
    assert found["details"]["workflow"] == RELEASE_YML


def test_text_report_is_one_line_per_finding(tmp_path, capsys):
    """Without --json: one line per finding, then the verdict."""
    root = build_repo(HEALTHY, tmp_path / "repo")
    assert run(Options(project=root, no_index=True)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "nothing stops a release; 0 warning(s)"
    assert all(line.split()[0] in {"ok", "skipped"} for line in lines[:-1])
