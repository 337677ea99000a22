"""Tests for releasegate.engine.versioning_strategies.service_pack."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from tests.builders import conventional_commit as commit

from releasegate.engine.version import Version
from releasegate.engine.versioning_strategies.service_pack import (
    ServicePackVersioningStrategy,
    ServicePackVersionUpdate,
)

if TYPE_CHECKING:
    from releasegate.engine.commits import ConventionalCommit


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        # a first service pack
        ("1.2.3", "1.2.3-sp.1"),
        ("0.0.0", "0.0.0-sp.1"),
        # the next one
        ("1.2.3-sp.1", "1.2.3-sp.2"),
        ("1.2.3-sp.9", "1.2.3-sp.10"),
        ("1.2.3-sp.09", "1.2.3-sp.10"),
        ("1.2.3-sp.0", "1.2.3-sp.1"),
        ("1.2.3-sp." + "9" * 5000, "1.2.3-sp.1" + "0" * 5000),
        # the first sp.N anywhere in the suffix, which is then replaced whole
        ("1.2.3-rc.sp.4", "1.2.3-sp.5"),
        ("1.2.3-xsp.2.sp.7", "1.2.3-sp.3"),
        # a suffix without sp.N is replaced
        ("1.2.3-beta.4", "1.2.3-sp.1"),
        ("1.2.3-sp", "1.2.3-sp.1"),
        ("1.2.3-SP.4", "1.2.3-sp.1"),
        # the build part is kept
        ("1.2.3-sp.2+b7", "1.2.3-sp.3+b7"),
        ("1.2.3+b7", "1.2.3-sp.1+b7"),
    ],
)
def test_bump(version: str, expected: str) -> None:
    """The service-pack number counts up; major, minor and patch stay."""
    assert str(ServicePackVersionUpdate().bump(Version.parse(version))) == expected


@pytest.mark.parametrize(
    "commits",
    [
        [],
        [commit("feat", breaking=True)],
        [commit("feat")],
        # Release-As notes are ignored, even invalid ones
        [commit("fix", release_as="9.0.0")],
        [commit("fix", release_as="2.0")],
    ],
)
def test_commits_ignored(commits: list[ConventionalCommit]) -> None:
    """The strategy ignores the commits entirely."""
    strategy = ServicePackVersioningStrategy(bump_minor_pre_major=True)
    assert str(strategy.bump(Version(0, 4, 1, "sp.2"), commits)) == "0.4.1-sp.3"
