"""Tests for the always-bump-patch, always-bump-minor and always-bump-major strategies."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import pytest
from tests.builders import conventional_commit as commit

from releasegate.engine.version import Version
from releasegate.engine.versioning_strategies import (
    MajorVersionUpdate,
    MinorVersionUpdate,
    PatchVersionUpdate,
)
from releasegate.engine.versioning_strategies.always_bump_major import AlwaysBumpMajor
from releasegate.engine.versioning_strategies.always_bump_minor import AlwaysBumpMinor
from releasegate.engine.versioning_strategies.always_bump_patch import AlwaysBumpPatch

if TYPE_CHECKING:
    from releasegate.engine.commits import ConventionalCommit
    from releasegate.engine.versioning_strategies.default import DefaultVersioningStrategy


class Row(NamedTuple):
    """A strategy and what it makes of 1.2.3, of 1.2.3-rc.1+b5 and of 0.1.2."""

    strategy: type[DefaultVersioningStrategy]
    bumped: str
    with_parts: str
    pre_major: str
    kind: object


ROWS = [
    Row(AlwaysBumpPatch, "1.2.4", "1.2.4-rc.1+b5", "0.1.3", PatchVersionUpdate()),
    Row(AlwaysBumpMinor, "1.3.0", "1.3.0-rc.1+b5", "0.2.0", MinorVersionUpdate()),
    Row(AlwaysBumpMajor, "2.0.0", "2.0.0-rc.1+b5", "1.0.0", MajorVersionUpdate()),
]
each_strategy = pytest.mark.parametrize("row", ROWS, ids=["patch", "minor", "major"])


COMMIT_LISTS = [
    # whatever the commits say
    [],
    [commit("fix")],
    [commit("feat")],
    [commit("fix", breaking=True)],
    # Release-As notes are ignored, even invalid ones
    [commit("fix", release_as="9.0.0")],
    [commit("fix", release_as="2.0")],
]


@each_strategy
@pytest.mark.parametrize("commits", COMMIT_LISTS)
def test_bump(row: Row, commits: list[ConventionalCommit]) -> None:
    """The same part is bumped whatever the commits and Release-As notes say."""
    assert str(row.strategy().bump(Version.parse("1.2.3"), commits)) == row.bumped


@each_strategy
def test_prerelease_and_build_ride_along(row: Row) -> None:
    """Prerelease and build parts are kept, as release-please does."""
    assert str(row.strategy().bump(Version.parse("1.2.3-rc.1+b5"), [commit("fix")])) == (
        row.with_parts
    )


@each_strategy
@pytest.mark.parametrize(
    "options", [{"bump_minor_pre_major": True}, {"bump_patch_for_minor_pre_major": True}, {}]
)
def test_pre_major_options_ignored(row: Row, options: dict[str, bool]) -> None:
    """The pre-1.0 options change nothing."""
    bumped = row.strategy(**options).bump(Version(0, 1, 2), [commit("feat", breaking=True)])
    assert str(bumped) == row.pre_major


@each_strategy
def test_determine_release_type(row: Row) -> None:
    """The update kind never depends on the commits."""
    assert row.strategy().determine_release_type(Version(1, 0, 0), [commit("feat")]) == row.kind
