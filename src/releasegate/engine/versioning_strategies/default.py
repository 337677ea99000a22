"""release-please's default versioning: breaking → major, feature → minor, anything else → patch.

Mirrors ``src/versioning-strategies/default.ts``. Two details are release-please's and kept:

* a feature is a commit whose type is exactly ``feat`` or ``feature`` (``Feat`` is not one), and
  a breaking commit counts as breaking only, whatever its type;
* the newest ``Release-As`` note wins outright, even over breaking changes. Its text is read as
  a version anywhere in the note (``v2.0.0`` and ``banana 2.0.0`` give ``2.0.0``); text with no
  ``X.Y.Z`` in it (``2.0``, ``banana``) makes release-please fail the whole run. releasegate
  raises ``UsageError`` there (exit 2, where release-please exits 1): the input at fault is a
  commit message, and a newer commit with a valid ``Release-As`` footer fixes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from releasegate.engine.commits import RELEASE_AS
from releasegate.engine.version import Version, VersionParseError
from releasegate.engine.versioning_strategies import (
    CustomVersionUpdate,
    MajorVersionUpdate,
    MinorVersionUpdate,
    PatchVersionUpdate,
    VersioningStrategyOptions,
    VersionUpdater,
)
from releasegate.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from releasegate.engine.commits import ConventionalCommit
    from releasegate.engine.version import Scheme

__all__ = [
    "RELEASE_AS_NOTE",
    "DefaultVersioningStrategy",
    "Part",
    "count_changes",
    "is_feature",
    "release_as_version",
]

#: The note title the commit parser gives a ``Release-As:`` footer.
RELEASE_AS_NOTE = RELEASE_AS
#: The version part a set of commits calls for.
Part = Literal["major", "minor", "patch"]
_UPDATES: dict[Part, type[VersionUpdater]] = {
    "major": MajorVersionUpdate,
    "minor": MinorVersionUpdate,
    "patch": PatchVersionUpdate,
}
_FEATURE_TYPES = ("feat", "feature")
_SHORT_SHA = 7


def is_feature(commit: ConventionalCommit) -> bool:
    """Return True for a ``feat``/``feature`` commit (case-sensitive, as release-please)."""
    return commit.type in _FEATURE_TYPES


def count_changes(commits: Sequence[ConventionalCommit]) -> tuple[int, int]:
    """Return ``(breaking, features)``: a breaking feature counts as breaking only."""
    breaking = features = 0
    for commit in commits:  # one pass, no call per commit: releases can hold 50,000
        if commit.breaking:
            breaking += 1
        elif commit.type in _FEATURE_TYPES:
            features += 1
    return breaking, features


def release_as_version(
    commits: Sequence[ConventionalCommit], scheme: Scheme = "semver"
) -> Version | None:
    """Return the version of the first ``Release-As`` note (commits come newest first).

    Only the first commit carrying such a note counts, and within it the first note; it is read
    as ``scheme`` says. Raises ``UsageError`` when that note's text holds no version.
    """
    for commit in commits:
        if not commit.notes:  # most commits have none; skip building a generator for them
            continue
        note = next((note for note in commit.notes if note.title == RELEASE_AS_NOTE), None)
        if note is None:
            continue
        try:
            return Version.parse(note.text, scheme)
        except VersionParseError:
            where = f"commit {commit.sha[:_SHORT_SHA]}" if commit.sha else "commit"
            raise UsageError(
                f"{where}: Release-As: {note.text!r} is not a version X.Y.Z; "
                "push a newer commit with a footer such as 'Release-As: 2.0.0'"
            ) from None
    return None


@dataclass(frozen=True, slots=True)
class DefaultVersioningStrategy:
    """Bump by the most significant change; ``Release-As`` overrides.

    ``bump_minor_pre_major``: before 1.0.0 a breaking change bumps the minor.
    ``bump_patch_for_minor_pre_major``: before 1.0.0 a feature bumps the patch.

    >>> from releasegate.engine.commits import ConventionalCommit
    >>> fix = ConventionalCommit("abc", "fix: x", (), "fix", None, "x")
    >>> str(DefaultVersioningStrategy().bump(Version(1, 2, 3), [fix]))
    '1.2.4'
    """

    bump_minor_pre_major: bool = False
    bump_patch_for_minor_pre_major: bool = False

    @classmethod
    def from_options(cls, options: VersioningStrategyOptions) -> DefaultVersioningStrategy:
        """Build the strategy from the factory's options (the prerelease ones are ignored)."""
        return cls(
            bump_minor_pre_major=options.bump_minor_pre_major,
            bump_patch_for_minor_pre_major=options.bump_patch_for_minor_pre_major,
        )

    def part_to_bump(self, version: Version, commits: Sequence[ConventionalCommit]) -> Part:
        """Which part the commits call for, with the pre-1.0 rules (Release-As aside)."""
        breaking, features = count_changes(commits)
        pre_major = version.is_pre_major
        if breaking:
            return "minor" if pre_major and self.bump_minor_pre_major else "major"
        if features:
            return "patch" if pre_major and self.bump_patch_for_minor_pre_major else "minor"
        return "patch"

    def determine_release_type(
        self, version: Version, commits: Sequence[ConventionalCommit]
    ) -> VersionUpdater:
        """Return the update the commits call for; raise ``UsageError`` on a bad Release-As."""
        release_as = release_as_version(commits)
        if release_as is not None:
            return CustomVersionUpdate(str(release_as))
        return _UPDATES[self.part_to_bump(version, commits)]()

    def bump(self, version: Version, commits: Sequence[ConventionalCommit]) -> Version:
        """Return the next version; raise ``UsageError`` on an unparsable Release-As."""
        return self.determine_release_type(version, commits).bump(version)
