"""Which releases a merged release PR carries (release-please's buildRelease), and prerelease rules."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from tests._monorepo import monorepo_spec, workspace_spec
from tests.oracle.oracle import ORACLE_DIR
from tests.oracle.repo import build_repo

from releasegate.engine import git
from releasegate.engine.config import ReleaserConfig
from releasegate.engine.pull_request import ReleaseData, render_body
from releasegate.engine.releases import (
    CandidateRelease,
    build_release,
    build_releases,
    load_inputs,
    publish_order,
)
from releasegate.engine.repository import Repository
from releasegate.engine.strategies import StrategyContext, build_strategy
from releasegate.engine.tag_name import TagName
from releasegate.engine.version import Version
from releasegate.errors import ConfigError, UsageError
from releasegate.forge.github import PullRequest

if TYPE_CHECKING:
    from collections.abc import Iterator

NOTES = "## [1.3.0](https://x) (2024-02-01)\n\n### Features\n\n* streaming"
SINGLE_BODY = render_body([ReleaseData(None, Version(1, 3, 0), NOTES)])
MULTI_BODY = render_body(
    [
        ReleaseData("api", Version(2, 0, 0), "## 2.0.0 (api notes)"),
        ReleaseData("cli", Version(0, 4, 0), "## 0.4.0 (cli notes)"),
    ]
)
PR = PullRequest(
    number=5,
    title="chore(main): release 1.3.0",
    body=SINGLE_BODY,
    head="release-please--branches--main",
    base="main",
    labels=("autorelease: pending",),
    draft=False,
    merged=True,
    merge_commit_sha="c" * 40,
    html_url="https://github.com/o/r/pull/5",
)
GROUP_PR = replace(PR, title="chore: release main", body=MULTI_BODY)


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StrategyContext]:
    """A strategy context on a one-commit repository."""
    repo = build_repo({"files": {"a.txt": "a\n"}}, tmp_path_factory.mktemp("r") / "repo")
    tree = git.Tree(repo, "HEAD")
    yield StrategyContext(
        tree, "main", Repository("o", "r"), datetime(2024, 2, 1, tzinfo=timezone.utc), str
    )
    tree.close()


def built(
    context: StrategyContext, pull: PullRequest, **config: object
) -> tuple[str, str, str] | None:
    """build_release for a python package with ``config``: (name, tag, notes) or None."""
    strategy = build_strategy(".", ReleaserConfig(release_type="python", **config), context)  # type: ignore[arg-type]  # test table values
    result = build_release(strategy, pull, group_title_pattern=None)
    return None if result is None else (result[0], str(result[1]), result[2])


# (merged PR, package config, expected (name, tag, notes) or None)
CASES: list[tuple[PullRequest, dict[str, Any], tuple[str, str, str] | None]] = [
    # the standalone release PR of a single package
    (PR, {}, ("v1.3.0", "v1.3.0", NOTES)),
    (PR, {"include_v_in_release_name": False}, ("1.3.0", "v1.3.0", NOTES)),
    (PR, {"include_v_in_tag": False, "tag_separator": "/"}, ("v1.3.0", "1.3.0", NOTES)),
    # not released: skipped by config, not merged, or not a release PR of this package
    (PR, {"skip_github_release": True}, None),
    (replace(PR, merge_commit_sha=None), {}, None),
    (replace(PR, title="feat: streaming"), {}, None),
    (replace(PR, head="feature/streaming"), {}, None),
    (replace(PR, head="release-please--branches--main--components--other"), {}, None),
    (replace(PR, body="no delimiter"), {}, None),
    # a standalone PR whose branch names another component
    (
        replace(PR, head="release-please--branches--main--components--api"),
        {"component": "cli"},
        None,
    ),
    # a grouped PR: the version and notes come from the package's <details> block
    (GROUP_PR, {"component": "api"}, ("api: v2.0.0", "api-v2.0.0", "## 2.0.0 (api notes)")),
    (GROUP_PR, {"component": "cli"}, ("cli: v0.4.0", "cli-v0.4.0", "## 0.4.0 (cli notes)")),
    (GROUP_PR, {"component": "web"}, None),
    # custom title patterns, component-no-space, the old autorelease branch form
    (
        replace(PR, title="release: 1.3.0 (main)"),
        {"pull_request_title_pattern": "release: ${version} (${branch})"},
        ("v1.3.0", "v1.3.0", NOTES),
    ),
    (
        replace(
            PR,
            title="chore(main): releaseapi 1.3.0",
            head="release-please--branches--main--components--api",
        ),
        {"component": "api", "component_no_space": True},
        ("api: v1.3.0", "api-v1.3.0", NOTES),
    ),
    (replace(PR, head="release-v1.3.0"), {}, ("v1.3.0", "v1.3.0", NOTES)),
    # a single release: the title's version wins over the body's
    (replace(PR, title="chore(main): release 1.4.0"), {}, ("v1.4.0", "v1.4.0", NOTES)),
    # no component in the tag: the name drops it too
    (GROUP_PR, {"component": "api", "include_component_in_tag": False}, None),
]


@pytest.mark.parametrize(("pull", "config", "expected"), CASES)
def test_build_release(
    context: StrategyContext,
    pull: PullRequest,
    config: dict[str, Any],
    expected: tuple[str, str, str] | None,
):
    """A merged PR gives a package its release name, tag and notes exactly when release-please does."""
    assert built(context, pull, **config) == expected


@pytest.mark.parametrize(
    ("prerelease", "version", "expected"),
    [
        (True, "1.3.0", False),
        (True, "0.4.0", True),
        (True, "1.3.0-rc.1", True),
        (False, "1.3.0-rc.1", False),
        (None, "0.4.0", False),
    ],
)
def test_prerelease_needs_config_and_a_prerelease_version(
    tmp_path: Path, prerelease: bool | None, version: str, expected: bool
):
    """release-please 17.11.2: prerelease = config prerelease and (pre-release part or 0.x)."""
    config: dict[str, object] = {"packages": {".": {"release-type": "simple"}}}
    if prerelease is not None:
        config["prerelease"] = prerelease
    repo = build_repo({"config": config, "manifest": {".": "0.1.0"}}, tmp_path / "repo")
    inputs = load_inputs(
        repo, branch="main", config_file=None, manifest_file=".release-please-manifest.json",
        repository=Repository("o", "r"),
    )  # fmt: skip
    pull = replace(PR, title=f"chore(main): release {version}", body=render_body(
        [ReleaseData(None, Version.parse(version), f"## {version}")]
    ))  # fmt: skip
    (candidate,) = build_releases(inputs, [pull])
    assert (str(candidate.version), candidate.prerelease) == (version, expected)
    assert (candidate.pull_request, candidate.sha) == (5, "c" * 40)


ORACLE = Path(os.environ.get("RELEASEGATE_ORACLE_DIR", str(ORACLE_DIR)))


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


@pytest.mark.oracle
def test_build_release_matches_release_please(context: StrategyContext):
    """Every case of the table gives what release-please's own buildRelease returns."""
    if shutil.which("node") is None or not (ORACLE / "node_modules" / "release-please").is_dir():
        pytest.skip(f"no node or no release-please oracle in {ORACLE}")
    cases = [
        {
            "config": {"releaseType": "python", **{_camel(k): v for k, v in config.items()}},
            "pull": {
                "title": pull.title,
                "body": pull.body,
                "headBranchName": pull.head,
                "sha": pull.merge_commit_sha,
            },
        }
        for pull, config, _ in CASES
    ]
    script = Path(__file__).parents[1] / "oracle" / "build_release.js"
    result = subprocess.run(
        ["node", str(script), str(ORACLE)],
        input=json.dumps(cases), capture_output=True, text=True, check=True,
    )  # fmt: skip
    expected = [
        None if r is None else (r["name"], r["tag"], r["notes"]) for r in json.loads(result.stdout)
    ]
    assert [built(context, pull, **config) for pull, config, _ in CASES] == expected


def test_pep440_release_keeps_its_prerelease(context: StrategyContext):
    """Under version-scheme pep440 a PR releasing 1.0.0a1 tags v1.0.0a1, not v1.0.0."""
    from releasegate.engine.settings import Settings  # noqa: PLC0415 - only this test needs it

    notes = "## [1.0.0a1](https://x) (2024-02-01)\n\n### Features\n\n* first"
    version = Version.parse("1.0.0a1", "pep440")
    pull = replace(
        PR,
        title="chore(main): release 1.0.0a1",
        body=render_body([ReleaseData(None, version, notes)]),
    )
    pep440 = replace(context, settings=Settings(version_scheme="pep440"))
    strategy = build_strategy(".", ReleaserConfig(release_type="python"), pep440)
    result = build_release(strategy, pull, group_title_pattern=None)
    assert result is not None
    assert (result[0], str(result[1])) == ("v1.0.0a1", "v1.0.0a1")


def _load(repo: Path, config_file: str | None = None):
    """load_inputs on the main branch of ``repo``."""
    return load_inputs(
        repo,
        branch="main",
        config_file=config_file,
        manifest_file=".release-please-manifest.json",
        repository=Repository("o", "r"),
    )


@pytest.mark.parametrize(
    ("spec", "config_file", "message"),
    [
        (
            {"files": {"README": "x\n"}, "manifest": {".": "1.0.0"}},
            None,
            (
                "no release-please-config.json or .release-please-config.json on branch 'main'; "
                "commit one or pass --config PATH"
            ),
        ),
        (
            {"config": {"packages": {".": {"release-type": "simple"}}}, "manifest": {".": "1.0.0"}},
            "ci/rp.json",
            "ci/rp.json: not found on branch 'main'; commit it or pass --config PATH",
        ),
        (
            {"config": {"packages": {".": {"release-type": "simple"}}}},
            None,
            (
                ".release-please-manifest.json: not found on branch 'main'; "
                "commit it or pass --manifest PATH"
            ),
        ),
        (
            {
                "files": {"pyproject.toml": '[tool.releasegate]\nversion-scheme = "pep440"\n'},
                "config": {"packages": {".": {"release-type": "simple"}}},
                "manifest": {".": "1.2.3.4"},
            },
            None,
            ".release-please-manifest.json: '.': '1.2.3.4' is not a version; use X.Y.Z",
        ),
    ],
)
def test_load_inputs_errors_are_the_planners(
    tmp_path: Path,
    spec: dict[str, dict[str, str]]
    | dict[str, dict[str, dict[str, dict[str, str]]] | dict[str, str]]
    | dict[str, dict[str, dict[str, dict[str, str]]]]
    | dict[str, dict[str, str] | dict[str, dict[str, dict[str, str]]]],
    config_file: str | None,
    message: str,
):
    """The release commands read config and manifest as release-pr does, with its messages."""
    repo = build_repo(spec, tmp_path / "repo")
    with pytest.raises(UsageError) as info:
        _load(repo, config_file)
    assert str(info.value) == message


def test_load_inputs_passes_config_warnings_on(tmp_path: Path):
    """Config warnings reach the release commands; a work-tree copy is not compared."""
    config = {"packages": {".": {"release-type": "simple", "componnet": "x"}}}
    repo = build_repo({"config": config, "manifest": {".": "1.0.0"}}, tmp_path / "repo")
    (repo / ".release-please-manifest.json").write_text('{".": "9.9.9"}\n')
    inputs = _load(repo)
    unknown = "packages[\".\"].componnet: unknown key; did you mean 'component'?"
    assert inputs.warnings == (f"release-please-config.json: {unknown}",)
    assert inputs.versions == {".": Version(1, 0, 0)}


def test_load_inputs_at_a_tag_names_the_tag(tmp_path: Path):
    """Read at the release tag (publish-release), a missing file is reported at that tag."""
    spec = {"config": {"packages": {".": {"release-type": "simple"}}}, "steps": [{"tag": "v1.0.0"}]}
    repo = build_repo(spec, tmp_path / "repo")
    with pytest.raises(UsageError) as info:
        load_inputs(
            repo,
            branch="main",
            config_file=None,
            manifest_file=".release-please-manifest.json",
            repository=Repository("o", "r"),
            at="v1.0.0",
        )
    assert str(info.value) == (
        ".release-please-manifest.json: not found at 'v1.0.0'; commit it or pass --manifest PATH"
    )


def _candidate(path: str, sha: str) -> CandidateRelease:
    component = path.rsplit("/", 1)[-1]
    tag = TagName(Version(1, 0, 1), component, "-", include_v=True)
    return CandidateRelease(
        path=path, component=component, version=Version(1, 0, 1), tag=tag, name=str(tag),
        notes="", sha=sha, draft=False, prerelease=False, force_tag=False, pull_request=1,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("spec", "paths", "order", "members"),
    [
        # a uv workspace: members build with uv build --package, dependencies first
        (workspace_spec(), ["packages/app", "packages/ext", "packages/core"],
         ["packages/core", "packages/ext", "packages/app"], ["core", "ext", "app"]),
        # projects side by side: no member names, still dependencies first
        (monorepo_spec({"plugin": ("base>=1",), "base": ()}), ["plugin", "base"],
         ["base", "plugin"], [None, None]),
    ],
    ids=["workspace", "side-by-side"],
)  # fmt: skip
def test_publish_order(
    tmp_path: Path,
    spec: dict[str, Any],
    paths: list[str],
    order: list[str],
    members: list[str | None],
):
    """Released packages go to the index after the released packages they require."""
    repo = build_repo(spec, tmp_path / "repo")
    head = git.head_commit(repo)
    assert head is not None
    ordered = publish_order(repo, [_candidate(p, head) for p in paths])
    assert [p.candidate.path for p in ordered] == order
    assert [p.member for p in ordered] == members


def test_publish_order_refuses_a_cycle(tmp_path: Path):
    """Released packages requiring each other cannot be ordered: one line naming the cycle."""
    repo = build_repo(monorepo_spec({"a": ("b",), "b": ("a==1.0.0",)}), tmp_path / "repo")
    head = git.head_commit(repo)
    assert head is not None
    with pytest.raises(ConfigError) as info:
        publish_order(repo, [_candidate("a", head), _candidate("b", head)])
    assert str(info.value).startswith(
        "a/pyproject.toml at a-v1.0.1: packages require each other in a cycle: a -> b -> a; "
    )
