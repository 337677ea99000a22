"""The ``uv-workspace`` plugin end to end: real git repositories through ``release-pr --dry-run``.

Each workspace is built by ``tests._monorepo`` (a virtual root, members ``packages/<name>``);
``uv.lock`` comes from the real uv and is checked with ``uv lock --check`` on the planned tree.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import pytest
from tests._monorepo import locked, run_uv, workspace_spec
from tests.oracle.oracle import oracle_available, run_oracle
from tests.oracle.repo import build_repo

from releasegate.engine import git
from releasegate.engine.config import parse_config
from releasegate.engine.plugins import build_plugins
from releasegate.engine.plugins.merge import Merge
from releasegate.engine.plugins.sentence_case import SentenceCase
from releasegate.engine.plugins.uv_workspace import UvWorkspace
from releasegate.engine.repository import Repository
from releasegate.engine.settings import Settings
from releasegate.engine.strategies import StrategyContext

if TYPE_CHECKING:
    from pathlib import Path

    from tests.builders import Cli

FEAT_CORE = {"commit": "feat: core grows", "files": {"packages/core/src/core/more.py": "X = 1\n"}}
PLUGIN = 'plugins = ["uv-workspace"]\n'


def release_pr(cli: Cli, repo: Path) -> tuple[int, dict[str, Any], str]:
    """``release-pr --dry-run --json``: exit code, the document, stderr."""
    run = cli(
        "release-pr",
        "--dry-run",
        "--json",
        "-C",
        repo,
        "--github-repo",
        "o/r",
        "--date",
        "2025-01-15",
    )
    return run.code, (run.json() if run.code == 0 else {}), run.err


def files_of(pr: dict[str, Any]) -> dict[str, str]:
    """A planned PR's files, path → content."""
    return {u["path"]: u["content"] for u in pr["updates"]}


def apply(repo: Path, changed: dict[str, str]) -> None:
    """Write the planned files into the work tree (the release branch's tree)."""
    for path, content in changed.items():
        (repo / path).write_text(content, encoding="utf-8")


EXT_NOTES = (
    "## [1.0.1](https://github.com/o/r/compare/ext-v1.0.0...ext-v1.0.1) (2025-01-15)\n\n\n"
    "### Dependencies\n\n"
    "* The following workspace dependencies were updated\n"
    "  * dependencies\n"
    "    * core bumped from == 1.0.0 to == 1.1.0"
)


def test_feature_in_core_releases_core_and_the_member_pinning_it(tmp_path: Path, cli: Cli):
    """Issue 17: core 1.1.0, ext 1.0.1 with its pin moved, app untouched; uv lock --check passes."""
    settings = f"{PLUGIN}update-lockfile = true\n"
    lock = locked(tmp_path / "scratch", tmp_path / "cache", workspace_spec(settings=settings))
    spec = workspace_spec(settings=settings, lock=lock, steps=[FEAT_CORE])
    repo = build_repo(spec, tmp_path / "repo")
    code, doc, err = release_pr(cli, repo)
    assert code == 0, err
    (pr,) = doc["pullRequests"]
    changed = files_of(pr)
    assert json.loads(changed[".release-please-manifest.json"]) == {
        "packages/core": "1.1.0",
        "packages/ext": "1.0.1",
        "packages/app": "1.0.0",
    }
    ext = changed["packages/ext/pyproject.toml"]
    assert 'version = "1.0.1"' in ext
    assert '    "core == 1.1.0",\n' in ext
    assert changed["packages/ext/src/ext/__init__.py"].endswith('__version__ = "1.0.1"\n')
    assert changed["packages/ext/CHANGELOG.md"] == f"# Changelog\n\n{EXT_NOTES}\n"
    assert 'version = "1.1.0"' in changed["packages/core/pyproject.toml"]
    assert not any(path.startswith("packages/app/") for path in changed)
    # the body lists the members by name, the dependent's notes say which dependency moved
    assert "<summary>core: 1.1.0</summary>" in pr["body"]
    assert f"<summary>ext: 1.0.1</summary>\n\n{EXT_NOTES}\n</details>" in pr["body"]
    assert pr["body"].index("core: 1.1.0") < pr["body"].index("ext: 1.0.1")
    lock_after = changed["uv.lock"]
    assert 'name = "core"\nversion = "1.1.0"' in lock_after
    assert 'name = "ext"\nversion = "1.0.1"' in lock_after
    assert 'name = "app"\nversion = "1.0.0"' in lock_after
    apply(repo, changed)
    result = run_uv(repo, tmp_path / "cache", "lock", "--check")
    assert result.returncode == 0, result.stderr


def test_without_the_plugin_only_core_is_released(tmp_path: Path, cli: Cli):
    """Off by default: release-please's plan, the internal pin left behind."""
    spec = workspace_spec(settings="", steps=[FEAT_CORE])
    code, doc, err = release_pr(cli, build_repo(spec, tmp_path / "repo"))
    assert code == 0, err
    (pr,) = doc["pullRequests"]
    assert sorted(files_of(pr)) == [
        ".release-please-manifest.json",
        "packages/core/CHANGELOG.md",
        "packages/core/pyproject.toml",
        "packages/core/src/core/__init__.py",
    ]


def test_separate_pull_requests(tmp_path: Path, cli: Cli):
    """With separate PRs the dependent's patch release is a PR of its own, labelled pending."""
    spec = workspace_spec(top={"separate-pull-requests": True}, steps=[FEAT_CORE])
    code, doc, err = release_pr(cli, build_repo(spec, tmp_path / "repo"))
    assert code == 0, err
    core, ext = doc["pullRequests"]
    assert (core["title"], ext["title"]) == (
        "chore(main): release core 1.1.0",
        "chore(main): release ext 1.0.1",
    )
    assert ext["headBranchName"] == "release-please--branches--main--components--ext"
    assert ext["labels"] == ["autorelease: pending"]
    assert '"core == 1.1.0"' in files_of(ext)["packages/ext/pyproject.toml"]
    assert json.loads(files_of(ext)[".release-please-manifest.json"])["packages/ext"] == "1.0.1"
    assert "packages/ext/pyproject.toml" not in files_of(core)


def test_cascade_through_exact_pins(tmp_path: Path, cli: Cli):
    """A patch release moves the pins on it too: core → ext (==) → app (==)."""
    members = {"core": (), "ext": ("core==1.0.0",), "app": ("ext==1.0.0", "core>=1.0")}
    spec = workspace_spec(members, steps=[FEAT_CORE])
    code, doc, err = release_pr(cli, build_repo(spec, tmp_path / "repo"))
    assert code == 0, err
    (pr,) = doc["pullRequests"]
    changed = files_of(pr)
    assert json.loads(changed[".release-please-manifest.json"]) == {
        "packages/core": "1.1.0",
        "packages/ext": "1.0.1",
        "packages/app": "1.0.1",
    }
    app = changed["packages/app/pyproject.toml"]
    assert '"ext==1.0.1",\n    "core>=1.0",' in app  # the range admitting 1.1.0 stays
    assert "* ext bumped from ==1.0.0 to ==1.0.1" in changed["packages/app/CHANGELOG.md"]
    assert [line for line in pr["body"].splitlines() if "<summary>" in line] == [
        "<details><summary>app: 1.0.1</summary>",
        "<details><summary>core: 1.1.0</summary>",
        "<details><summary>ext: 1.0.1</summary>",
    ]


def test_member_released_by_its_own_commits_gets_the_dependency_section(tmp_path: Path, cli: Cli):
    """A dependent with a release of its own keeps its version; the section follows its notes."""
    fix_ext = {"commit": "fix: ext mends", "files": {"packages/ext/src/ext/fix.py": "Y = 1\n"}}
    spec = workspace_spec(steps=[FEAT_CORE, fix_ext])
    code, doc, err = release_pr(cli, build_repo(spec, tmp_path / "repo"))
    assert code == 0, err
    (pr,) = doc["pullRequests"]
    changelog = files_of(pr)["packages/ext/CHANGELOG.md"]
    assert "\n### Bug Fixes\n\n* ext mends (" in changelog
    assert changelog.endswith(
        "\n\n\n### Dependencies\n\n* The following workspace dependencies were updated\n"
        "  * dependencies\n    * core bumped from == 1.0.0 to == 1.1.0\n"
    )
    assert '"core == 1.1.0"' in files_of(pr)["packages/ext/pyproject.toml"]


def test_optional_dependencies_and_groups_are_rewritten_too(tmp_path: Path, cli: Cli):
    """Extras and dependency groups count; markers and extras stay; the changelog names each."""
    extra = (
        "\n[project.optional-dependencies]\n"
        "cli = [\"core[cli] ~= 1.0.0; python_version >= '3.10'\"]\n\n"
        '[dependency-groups]\ndev = ["core>=1.0,<1.1"]\n'
    )
    spec = workspace_spec({"core": (), "tool": ()}, steps=[FEAT_CORE])
    tool = spec["files"]["packages/tool/pyproject.toml"]
    spec["files"]["packages/tool/pyproject.toml"] = tool + extra
    code, doc, err = release_pr(cli, build_repo(spec, tmp_path / "repo"))
    assert code == 0, err
    (pr,) = doc["pullRequests"]
    changed = files_of(pr)
    assert (
        "cli = [\"core[cli] ~= 1.1.0; python_version >= '3.10'\"]"
        in changed["packages/tool/pyproject.toml"]
    )
    assert 'dev = ["core>=1.0,<1.2"]' in changed["packages/tool/pyproject.toml"]
    assert changed["packages/tool/CHANGELOG.md"].endswith(
        "  * optional-dependencies (cli)\n    * core bumped from ~= 1.0.0 to ~= 1.1.0\n"
        "  * dependency-groups (dev)\n    * core bumped from >=1.0,<1.1 to >=1.0,<1.2\n"
    )


def test_member_outside_the_config_is_rewritten_not_released(tmp_path: Path, cli: Cli):
    """A member no release-please package covers keeps the workspace consistent, unreleased."""
    spec = workspace_spec(steps=[FEAT_CORE])
    del spec["config"]["packages"]["packages/ext"]
    del spec["manifest"]["packages/ext"]
    code, doc, err = release_pr(cli, build_repo(spec, tmp_path / "repo"))
    assert code == 0, err
    (pr,) = doc["pullRequests"]
    changed = files_of(pr)
    assert '"core == 1.1.0"' in changed["packages/ext/pyproject.toml"]
    assert 'version = "1.0.0"' in changed["packages/ext/pyproject.toml"]
    assert "packages/ext/CHANGELOG.md" not in changed
    assert "ext:" not in pr["body"]


def test_prerelease_versions_are_pinned_in_pep440(tmp_path: Path, cli: Cli):
    """A semver prerelease is written into requirements as PEP 440 spells it."""
    package = {"versioning": "prerelease", "prerelease": True, "prerelease-type": "rc"}
    spec = workspace_spec(package=package, steps=[FEAT_CORE])
    code, doc, err = release_pr(cli, build_repo(spec, tmp_path / "repo"))
    assert code == 0, err
    (pr,) = doc["pullRequests"]
    changed = files_of(pr)
    assert json.loads(changed[".release-please-manifest.json"])["packages/core"] == "1.1.0-rc"
    assert '"core == 1.1.0rc0"' in changed["packages/ext/pyproject.toml"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"packages/core/pyproject.toml": ("dependencies = [\n]", 'dependencies = ["app"]')},
            (
                "pyproject.toml: packages require each other in a cycle: app -> ext -> core -> app; "
                "remove one of these requirements"
            ),
        ),
        (
            {"packages/ext/pyproject.toml": ('version = "1.0.0"', 'dynamic = ["version"]')},
            (
                "packages/ext/pyproject.toml: uv-workspace: member 'ext' has a dynamic version, so its "
                "version and the requirements on it cannot be moved with its release; write the "
                "version in [project].version, or remove the member from the release"
            ),
        ),
        (
            {"pyproject.toml": ("[tool.uv.workspace]", "[tool.uv.not-a-workspace]")},
            (
                "pyproject.toml: tool.releasegate.plugins: 'uv-workspace' needs a uv workspace, and "
                "there is no [tool.uv.workspace] table; add one, or remove 'uv-workspace' from plugins"
            ),
        ),
        (
            {"packages/ext/pyproject.toml": ('"core == 1.0.0"', '"core == 1.0.0, != 1.1.0"')},
            (
                "packages/ext/pyproject.toml: 'core == 1.0.0, != 1.1.0' cannot admit 1.1.0 with the "
                "same operators; edit the requirement"
            ),
        ),
    ],
    ids=["cycle", "dynamic-version", "no-workspace", "unmovable-requirement"],
)
def test_errors_are_one_line(
    tmp_path: Path,
    cli: Cli,
    change: dict[str, tuple[str, ...]],
    message: str,
):
    """What the plugin cannot do right stops the plan with one line naming file and fix."""
    spec = workspace_spec(steps=[FEAT_CORE])
    for path, (old, new) in change.items():
        assert old in spec["files"][path]
        spec["files"][path] = spec["files"][path].replace(old, new)
    code, _, err = release_pr(cli, build_repo(spec, tmp_path / "repo"))
    assert code == 2
    assert err.startswith(f"releasegate: error: {message}")
    assert err.count("\n") == 1


def _ext_section(body: str) -> str:
    return body.split("<summary>ext: 1.0.1</summary>\n\n", 1)[1].split("\n</details>", 1)[0]


@pytest.mark.oracle
def test_plugin_off_is_release_please_and_on_reads_like_its_workspace_plugins(
    tmp_path: Path, cli: Cli
):
    """Off: the oracle's PR byte for byte. On: the dependent's notes as node-workspace writes them."""
    reason = oracle_available()
    if reason is not None:
        pytest.skip(reason)
    off = build_repo(workspace_spec(settings="", steps=[FEAT_CORE]), tmp_path / "off")
    code, doc, err = release_pr(cli, off)
    assert code == 0, err
    expected = run_oracle(off, github_repo="o/r", date="2025-01-15T12:00:00Z")
    (mine,), (theirs,) = doc["pullRequests"], expected["pullRequests"]
    assert mine["body"] == theirs["body"]
    written = {u["path"]: u["content"] for u in theirs["updates"] if u["status"] != "unchanged"}
    assert files_of(mine) == {p: c for p, c in written.items() if c is not None}

    # the same workspace in node: release-please's node-workspace plugin bumps ext's pin
    node: dict[str, str] = {}
    for name, deps in (("core", {}), ("ext", {"core": "1.0.0"}), ("app", {"ext": "^1.0.0"})):
        package = {"name": name, "version": "1.0.0", "dependencies": deps}
        node[f"packages/{name}/package.json"] = json.dumps(package, indent=2) + "\n"
    packages = {f"packages/{n}": {"release-type": "node", "component": n} for n in ("core", "ext")}
    spec = {
        "files": node,
        "config": {"plugins": ["node-workspace"], "packages": packages},
        "manifest": dict.fromkeys(packages, "1.0.0"),
        "steps": [{"tag": "core-v1.0.0"}, {"tag": "ext-v1.0.0"},
                  {"commit": "feat: core grows", "files": {"packages/core/x.js": "1\n"}}],
    }  # fmt: skip
    theirs_node = run_oracle(build_repo(spec, tmp_path / "node"), github_repo="o/r")
    on = build_repo(workspace_spec(steps=[FEAT_CORE]), tmp_path / "on")
    code, doc, err = release_pr(cli, on)
    assert code == 0, err
    # node writes bare versions ("1.0.0"), Python the specifier ("== 1.0.0"): the words match
    ours = _ext_section(doc["pullRequests"][0]["body"]).replace("== ", "")
    assert ours == _ext_section(theirs_node["pullRequests"][0]["body"])


def test_members_lock_in_the_workspace_lock_even_with_a_stray_one(tmp_path: Path, cli: Cli):
    """Members lock in the workspace root's uv.lock, not in one left in a member's directory."""
    settings = f"{PLUGIN}update-lockfile = true\n"
    lock = locked(tmp_path / "scratch", tmp_path / "cache", workspace_spec(settings=settings))
    spec = workspace_spec(settings=settings, lock=lock, steps=[FEAT_CORE])
    spec["files"]["packages/core/uv.lock"] = lock["uv.lock"]  # left from before the workspace
    repo = build_repo(spec, tmp_path / "repo")
    code, doc, err = release_pr(cli, repo)
    assert code == 0, err
    changed = files_of(doc["pullRequests"][0])
    assert "packages/core/uv.lock" not in changed
    apply(repo, changed)
    result = run_uv(repo, tmp_path / "cache", "lock", "--check")
    assert result.returncode == 0, result.stderr


def test_summary_names_the_releases_the_plugin_adds(tmp_path: Path, cli: Cli):
    """The per-package lines say ext is released because a workspace dependency moved."""
    repo = build_repo(workspace_spec(steps=[FEAT_CORE]), tmp_path / "repo")
    code, out, err = cli("release-pr", "--dry-run", "-C", repo, "--github-repo", "o/r")
    assert code == 0, err
    assert out.splitlines()[:3] == [
        "core: 1.0.0 -> 1.1.0 (1 feat; 1 commit(s) since core-v1.0.0)",
        "ext: 1.0.0 -> 1.0.1 (a workspace dependency moved)",
        "app: 1.0.0, no release (no commits since app-v1.0.0)",
    ]


def test_the_plugin_runs_first_and_only_when_switched_on(tmp_path: Path):
    """[tool.releasegate] plugins come before the config's plugins and merge; none by default."""
    repo = build_repo({"files": {"README": "x\n"}}, tmp_path / "repo")
    packages = {p: {"release-type": "python"} for p in ("a", "b")}
    document = {"packages": packages, "plugins": ["sentence-case"]}
    config, _ = parse_config(json.dumps(document).encode(), "c.json")
    tree = git.Tree(repo, "HEAD")
    try:
        now = datetime(2025, 1, 15, tzinfo=timezone.utc)
        context = StrategyContext(tree, "main", Repository("o", "r"), now, str)
        assert [type(p) for p in build_plugins(config, context)] == [SentenceCase, Merge]
        on = dataclasses.replace(context, settings=Settings(plugins=("uv-workspace",)))
        kinds = [type(p) for p in build_plugins(config, on, manifest_file="m.json")]
        assert kinds == [UvWorkspace, SentenceCase, Merge]
    finally:
        tree.close()
