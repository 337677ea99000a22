"""Tests for releasegate.engine.plugins: the registry and the three plugin phases."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import pytest
from tests.oracle.repo import build_repo

from releasegate.engine import git
from releasegate.engine.commits import Commit, ConventionalCommit, parse_conventional_commits
from releasegate.engine.config import parse_config
from releasegate.engine.plugins import ManifestPlugin, Preconfigured, build_plugins
from releasegate.engine.plugins.group_priority import GroupPriority
from releasegate.engine.plugins.linked_versions import LinkedVersions
from releasegate.engine.plugins.merge import Merge
from releasegate.engine.plugins.sentence_case import SentenceCase
from releasegate.engine.repository import Repository
from releasegate.engine.strategies import Release, StrategyContext, build_strategy
from releasegate.engine.tag_name import TagName
from releasegate.engine.version import Version

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

PACKAGES = {
    "a": {"release-type": "simple", "component": "a"},
    "b": {"release-type": "simple", "component": "b"},
    "c": {"release-type": "simple", "component": "c"},
}
LINKED = {"type": "linked-versions", "groupName": "ab", "components": ["a", "b"]}


@pytest.fixture
def context(tmp_path: Path) -> Iterator[StrategyContext]:
    """A strategy context over a one-commit repository."""
    repo = build_repo({"files": {"README": "x\n"}}, tmp_path / "repo")
    tree = git.Tree(repo, "HEAD")
    try:
        yield StrategyContext(
            tree, "main", Repository("o", "r"), datetime(2025, 1, 15, tzinfo=timezone.utc), str
        )
    finally:
        tree.close()


def config(**top: Any) -> Any:
    """Parse a config with packages a, b, c and the given top-level keys."""
    document = {"packages": PACKAGES, **top}
    manifest_config, _ = parse_config(json.dumps(document).encode(), "c.json")
    return manifest_config


def conventional(*messages: str) -> list[ConventionalCommit]:
    """Parse each message as one commit."""
    return parse_conventional_commits([Commit(f"{i:040x}", m) for i, m in enumerate(messages)])


@pytest.mark.parametrize(
    ("top", "kinds"),
    [
        ({}, [Merge]),
        ({"separate-pull-requests": True}, []),
        (
            {"plugins": ["sentence-case", LINKED, {"type": "group-priority", "groups": ["x"]}]},
            [SentenceCase, LinkedVersions, GroupPriority, Merge],
        ),
        ({"plugins": ["node-workspace"], "separate-pull-requests": True}, []),
    ],
    ids=["merge-by-default", "separate", "config-order", "unsupported-skipped"],
)
def test_build_plugins(context: StrategyContext, top: dict[str, Any], kinds: list[type]) -> None:
    """The registry builds the configured plugins in order and appends merge when merging."""
    plugins = build_plugins(config(**top), context)
    assert [type(p) for p in plugins] == kinds


def test_default_phases_pass_through(context: StrategyContext) -> None:
    """A plugin that overrides nothing returns its inputs unchanged."""

    class Noop(ManifestPlugin):
        pass

    commits = conventional("fix: x")
    strategies = {
        "a": build_strategy(
            "a", next(p.config for p in config().packages if p.path == "a"), context
        )
    }
    result = Noop().preconfigure(strategies, {"a": commits}, {})
    assert result == Preconfigured(strategies, {"a": commits})
    assert Noop().process_commits(commits) == commits
    assert Noop().run([]) == []


def test_linked_versions_preconfigure_leaves_inputs_alone(context: StrategyContext) -> None:
    """linked-versions forces the group's highest version and adds a synchronize commit."""
    manifest_config = config(plugins=[LINKED])
    [plugin] = [p for p in build_plugins(manifest_config, context) if isinstance(p, LinkedVersions)]
    strategies = {
        p.path: build_strategy(p.path, p.config, context) for p in manifest_config.packages
    }
    releases = {
        path: Release(TagName(Version.parse(v), path, "-", include_v=True), "f" * 40)
        for path, v in {"a": "1.0.0", "b": "1.4.0", "c": "0.1.0"}.items()
    }
    commits = {"a": conventional("feat(a): x"), "b": [], "c": conventional("fix(c): y")}
    frozen = {path: list(cs) for path, cs in commits.items()}
    result = plugin.preconfigure(strategies, commits, releases)
    assert commits == frozen
    assert strategies["a"].release_as is None
    assert result.strategies["a"].release_as == "1.1.0"
    assert result.strategies["b"].release_as == "1.1.0"
    assert result.strategies["c"] is strategies["c"]
    # release-please's parser reads the Release-As footer as a commit of its own, too.
    synthetic = [c.message for c in result.commits_by_path["b"]]
    assert synthetic == ["Release-As: 1.1.0", "chore(b): Synchronize ab versions"]
    assert result.commits_by_path["a"] == commits["a"]


def test_linked_versions_without_releases_changes_nothing(context: StrategyContext) -> None:
    """With nothing to release in the group, preconfigure returns its inputs."""
    manifest_config = config(plugins=[LINKED])
    [plugin] = [p for p in build_plugins(manifest_config, context) if isinstance(p, LinkedVersions)]
    strategies = {
        p.path: build_strategy(p.path, p.config, context) for p in manifest_config.packages
    }
    commits: dict[str, list[ConventionalCommit]] = {"a": [], "b": [], "c": []}
    result = plugin.preconfigure(strategies, commits, {})
    assert result.strategies is strategies
    assert result.commits_by_path is commits


def test_sentence_case_phase(context: StrategyContext) -> None:
    """sentence-case rewrites commits in the process_commits phase only."""
    [plugin, _merge] = build_plugins(config(plugins=["sentence-case"]), context)
    [commit] = plugin.process_commits(conventional("fix: drop x"))
    assert commit.bare_message == "Drop x"
