"""Tests for releasegate.engine.plan: which config file the plan reads from the branch."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from tests.builders import plan_main
from tests.oracle.repo import build_repo

from releasegate.engine.commits import Commit, parse_conventional_commits
from releasegate.engine.plan import CommitRecord, CommitRecords
from releasegate.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from tests.builders import Git, MakeRepo


def config_text(component: str) -> str:
    """A one-package config whose component names the file it came from."""
    return json.dumps({"packages": {".": {"release-type": "simple", "component": component}}})


@pytest.mark.parametrize(
    ("present", "explicit", "read"),
    [
        (["release-please-config.json"], None, "release-please-config.json"),
        ([".release-please-config.json"], None, ".release-please-config.json"),
        # release-please's own default wins when both exist
        (
            ["release-please-config.json", ".release-please-config.json"],
            None,
            "release-please-config.json",
        ),
        (["release-please-config.json", "ci/rp.json"], "ci/rp.json", "ci/rp.json"),
    ],
)
def test_config_file_choice(
    tmp_path: Path, present: list[str], explicit: str | None, read: str
) -> None:
    """--config wins; else release-please-config.json, then .release-please-config.json."""
    files = {name: config_text(name) for name in present}
    files[".release-please-manifest.json"] = '{".": "1.0.0"}'
    repo = build_repo({"files": files}, tmp_path / "repo")
    [package] = plan_main(repo, config_file=explicit).packages
    assert package.component == read


@pytest.mark.parametrize(
    ("explicit", "message"),
    [
        (
            None,
            (
                "no release-please-config.json or .release-please-config.json on branch 'main'; "
                "commit one or pass --config PATH"
            ),
        ),
        ("ci/rp.json", "ci/rp.json: not found on branch 'main'; commit it or pass --config PATH"),
    ],
)
def test_config_file_missing(tmp_path: Path, explicit: str | None, message: str) -> None:
    """A missing config file is a one-line UsageError that says how to provide one."""
    repo = build_repo({"files": {"README": "x\n"}}, tmp_path / "repo")
    with pytest.raises(UsageError) as info:
        plan_main(repo, config_file=explicit)
    assert str(info.value) == message


def test_commit_records_are_built_on_first_use() -> None:
    """A package's commit records cost nothing until read, then read like a tuple."""
    calls: list[str] = []

    def parsed(commit: Commit) -> list[object]:
        calls.append(commit.sha)
        return list(parse_conventional_commits([commit]))

    commits = [Commit("a" * 40, "fix: x\n\nbody"), Commit("b" * 40, "Update README")]
    records = CommitRecords(commits, parsed)
    assert len(records) == 2
    assert calls == []
    expected = (
        CommitRecord("a" * 40, "fix: x", True),
        CommitRecord("b" * 40, "Update README", False),
    )
    assert records == expected
    assert records[1] == expected[1]
    assert records[:1] == expected[:1]
    assert list(records) == list(expected)
    assert calls == ["a" * 40, "b" * 40]  # built once


def test_work_tree_is_compared_only_when_the_branch_is_checked_out(
    make_repo: MakeRepo, git: Git
) -> None:
    """A differing work-tree config is a warning on the checked-out branch, none on another."""
    files = {"release-please-config.json": config_text("committed")}
    repo = make_repo({"files": files, "manifest": {".": "1.0.0"}})
    (repo / "release-please-config.json").write_text(config_text("local"), encoding="utf-8")
    result = plan_main(repo)
    assert result.packages[0].component == "committed"
    [warning] = result.warnings
    assert warning == (
        "release-please-config.json: the work tree differs from branch 'main'; the committed "
        "version is used, as release-please would; commit your changes to plan with them"
    )
    git(repo, "stash", "-q")
    git(repo, "checkout", "-q", "-b", "other")
    git(repo, "commit", "-q", "--allow-empty", "-m", "chore: elsewhere")
    git(repo, "stash", "pop", "-q")
    assert plan_main(repo).warnings == ()


def _simple(config: dict[str, object], *steps: dict[str, object]) -> dict[str, object]:
    """A simple-type package at 1.0.0 tagged v1.0.0, with ``config`` options, then ``steps``."""
    return {
        "config": {"release-type": "simple", "packages": {".": {}}, **config},
        "manifest": {".": "1.0.0"},
        "steps": [{"tag": "v1.0.0"}, *steps],
    }


@pytest.mark.parametrize(
    ("config", "steps", "excluded", "truncated"),
    [
        ({}, [{"commit": "feat: a"}], 0, False),
        ({"exclude-paths": ["docs"]},
         [{"commit": "docs: a", "files": {"docs/a": "a"}}, {"commit": "fix: b", "files": {"b": "b"}}],
         1, False),
        ({"commit-search-depth": 2}, [{"commit": "feat: a"}, {"commit": "feat: b"}], 0, True),
        ({"commit-search-depth": 3}, [{"commit": "feat: a"}, {"commit": "feat: b"}], 0, False),
    ],
    ids=["plain", "exclude-paths", "depth-cuts", "depth-reaches"],
)  # fmt: skip
def test_excluded_and_truncated(
    tmp_path: Path,
    config: dict[str, object],
    steps: list[dict[str, object]],
    excluded: int,
    truncated: bool,
) -> None:
    """Each package says how many commits exclude-paths dropped and whether the depth cut it."""
    repo = build_repo(_simple(config, *steps), tmp_path / "repo")
    [package] = plan_main(repo).packages
    assert (package.excluded, package.truncated) == (excluded, truncated)
