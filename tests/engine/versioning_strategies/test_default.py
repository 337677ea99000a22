"""Tests for releasegate.engine.versioning_strategies.default."""

from __future__ import annotations

import pytest
from tests.builders import conventional_commit as commit

from releasegate.engine.commits import CommitNote, ConventionalCommit
from releasegate.engine.version import Version
from releasegate.engine.versioning_strategies import (
    CustomVersionUpdate,
    MajorVersionUpdate,
    MinorVersionUpdate,
    PatchVersionUpdate,
)
from releasegate.engine.versioning_strategies.default import (
    DefaultVersioningStrategy,
    count_changes,
    is_feature,
    release_as_version,
)
from releasegate.errors import UsageError

FIX = commit("fix")
FEAT = commit("feat")
BREAK = commit("refactor", breaking=True)
DOCS = commit("docs")


@pytest.mark.parametrize(
    ("version", "commits", "options", "expected"),
    [
        # breaking changes
        ("1.2.3", [FEAT, BREAK, DOCS], {}, "2.0.0"),
        ("0.1.2", [BREAK], {}, "1.0.0"),
        ("0.1.2", [BREAK], {"bump_minor_pre_major": True}, "0.2.0"),
        ("1.2.3", [BREAK], {"bump_minor_pre_major": True}, "2.0.0"),
        ("0.1.2", [BREAK], {"bump_patch_for_minor_pre_major": True}, "1.0.0"),
        # features
        ("1.2.3", [FIX, FEAT], {}, "1.3.0"),
        ("0.1.2", [FEAT], {}, "0.2.0"),
        ("0.1.2", [FEAT], {"bump_patch_for_minor_pre_major": True}, "0.1.3"),
        ("2.1.2", [FEAT], {"bump_patch_for_minor_pre_major": True}, "2.2.0"),
        ("0.1.2", [FEAT], {"bump_minor_pre_major": True}, "0.2.0"),
        ("1.2.3", [commit("feature")], {}, "1.3.0"),
        # anything else is a patch, also no commits at all
        ("1.2.3", [FIX, DOCS], {}, "1.2.4"),
        ("1.2.3", [], {}, "1.2.4"),
        ("0.0.0", [commit("chore")], {}, "0.0.1"),
        # the type is compared case-sensitively
        ("1.2.3", [commit("Feat")], {}, "1.2.4"),
        ("1.2.3", [commit("FEATURE")], {}, "1.2.4"),
        # prerelease and build parts ride along
        ("1.2.3-beta.1+b5", [FIX], {}, "1.2.4-beta.1+b5"),
        ("1.2.3-rc.1", [BREAK], {}, "2.0.0-rc.1"),
    ],
)
def test_bump(
    version: str, commits: list[ConventionalCommit], options: dict[str, bool], expected: str
) -> None:
    """The most significant change decides the bump, with the pre-1.0 options honoured."""
    strategy = DefaultVersioningStrategy(**options)
    assert str(strategy.bump(Version.parse(version), commits)) == expected


@pytest.mark.parametrize(
    ("commits", "expected"),
    [
        ([commit("fix", release_as="3.1.2")], "3.1.2"),
        # the newest (first) Release-As wins, even over a breaking change before it
        ([BREAK, commit("fix", release_as="3.1.2"), commit("fix", release_as="2.0.0")], "3.1.2"),
        # the version is found anywhere in the note and normalised
        ([commit("chore", release_as="v2.0.0-rc.1")], "2.0.0-rc.1"),
        ([commit("chore", release_as="banana 4.5.6 x")], "4.5.6"),
        # lower than the current version is allowed
        ([commit("fix", release_as="0.0.1")], "0.0.1"),
    ],
)
def test_release_as(commits: list[ConventionalCommit], expected: str) -> None:
    """A Release-As note sets the version outright."""
    assert str(DefaultVersioningStrategy().bump(Version(1, 2, 3), commits)) == expected


@pytest.mark.parametrize("text", ["2.0", "banana", "", "v2"])
def test_release_as_invalid(text: str) -> None:
    """A Release-As note without X.Y.Z fails with a one-line UsageError naming the commit."""
    commits = [FEAT, commit("fix", release_as=text, sha="deadbeef99")]
    with pytest.raises(
        UsageError, match=r"^commit deadbee: Release-As: .* is not a version"
    ) as info:
        DefaultVersioningStrategy().bump(Version(1, 2, 3), commits)
    assert "\n" not in str(info.value)


def test_release_as_invalid_behind_valid() -> None:
    """Only the newest Release-As is read, so a newer valid one hides an older invalid one."""
    commits = [commit("fix", release_as="5.0.0"), commit("fix", release_as="2.0")]
    assert release_as_version(commits) == Version(5, 0, 0)


def test_release_as_first_note_of_commit() -> None:
    """Within one commit the first Release-As note counts."""
    notes = (CommitNote("RELEASE AS", "4.0.0"), CommitNote("RELEASE AS", "5.0.0"))
    two = ConventionalCommit("abc", "fix: x", (), "fix", None, "x", notes=notes)
    assert release_as_version([two]) == Version(4, 0, 0)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("RELEASE AS", Version(9, 9, 9)),
        ("Release-As", None),
        ("release as", None),
    ],
)
def test_release_as_note_title(title: str, expected: Version | None) -> None:
    """Only a note titled exactly 'RELEASE AS' (as the parser names it) counts."""
    note = ConventionalCommit("abc", "fix: x", (), "fix", None, "x", (CommitNote(title, "9.9.9"),))
    assert release_as_version([note]) == expected


@pytest.mark.parametrize(
    ("version", "commits", "expected"),
    [
        (Version(1, 2, 3), [BREAK], MajorVersionUpdate()),
        (Version(1, 2, 3), [FEAT], MinorVersionUpdate()),
        (Version(1, 2, 3), [DOCS], PatchVersionUpdate()),
        (Version(1, 2, 3), [commit("fix", release_as="7.0.0+x")], CustomVersionUpdate("7.0.0+x")),
    ],
)
def test_determine_release_type(
    version: Version, commits: list[ConventionalCommit], expected: object
) -> None:
    """determine_release_type names the kind of update."""
    assert DefaultVersioningStrategy().determine_release_type(version, commits) == expected


@pytest.mark.parametrize(
    ("commits", "expected"),
    [
        ([], (0, 0)),
        ([FEAT, commit("feature"), FIX], (0, 2)),
        # a breaking feature counts as breaking only
        ([commit("feat", breaking=True), FEAT], (1, 1)),
        ([commit("Feat"), commit("feat ")], (0, 0)),
    ],
)
def test_count_changes(commits: list[ConventionalCommit], expected: tuple[int, int]) -> None:
    """Breaking changes and features are counted as release-please counts them."""
    assert count_changes(commits) == expected


@pytest.mark.parametrize(
    ("type_", "expected"), [("feat", True), ("feature", True), ("Feat", False), ("fix", False)]
)
def test_is_feature(type_: str, expected: bool) -> None:
    """Only the exact types 'feat' and 'feature' are features."""
    assert is_feature(commit(type_)) is expected
