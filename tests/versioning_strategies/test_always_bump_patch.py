"""Tests for releasegate.versioning_strategies.always_bump_patch."""

from __future__ import annotations

import pytest

from releasegate.commits import CommitNote, ConventionalCommit
from releasegate.version import Version
from releasegate.versioning_strategies import PatchVersionUpdate
from releasegate.versioning_strategies.always_bump_patch import AlwaysBumpPatch


def commit(
    type_: str, *, breaking: bool = False, release_as: str | None = None
) -> ConventionalCommit:
    """Build a conventional commit the way the parser would."""
    notes = (CommitNote("RELEASE AS", release_as),) if release_as is not None else ()
    return ConventionalCommit("0a1b2c3", f"{type_}: x", (), type_, None, "x", notes, (), breaking)


@pytest.mark.parametrize(
    ("version", "commits", "expected"),
    [
        # whatever the commits say
        ("1.2.3", [], "1.2.4"),
        ("1.2.3", [commit("fix")], "1.2.4"),
        ("1.2.3", [commit("feat")], "1.2.4"),
        ("1.2.3", [commit("fix", breaking=True)], "1.2.4"),
        # Release-As notes are ignored, even invalid ones
        ("1.2.3", [commit("fix", release_as="9.0.0")], "1.2.4"),
        ("1.2.3", [commit("fix", release_as="2.0")], "1.2.4"),
        # prerelease and build parts ride along
        ("1.2.3-rc.1+b5", [commit("fix")], "1.2.4-rc.1+b5"),
    ],
)
def test_bump(version: str, commits: list[ConventionalCommit], expected: str) -> None:
    """The patch is bumped, whatever the commits and notes."""
    assert str(AlwaysBumpPatch().bump(Version.parse(version), commits)) == expected


@pytest.mark.parametrize(
    "options",
    [{"bump_minor_pre_major": True}, {"bump_patch_for_minor_pre_major": True}, {}],
)
def test_pre_major_options_ignored(options: dict[str, bool]) -> None:
    """The pre-1.0 options change nothing."""
    strategy = AlwaysBumpPatch(**options)
    assert str(strategy.bump(Version(0, 1, 2), [commit("feat", breaking=True)])) == "0.1.3"


def test_determine_release_type() -> None:
    """The update kind is always a patch update."""
    assert AlwaysBumpPatch().determine_release_type(Version(1, 0, 0), []) == PatchVersionUpdate()
