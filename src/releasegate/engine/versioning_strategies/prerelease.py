"""Prerelease versioning: count up a prerelease until ``prerelease`` is switched off.

Mirrors release-please's ``src/versioning-strategies/prerelease.ts``. With ``prerelease`` on:

* a release version gets the next patch/minor/major with ``prerelease_type`` as its suffix
  (``1.2.3`` + fix → ``1.2.4-beta``; with no type, no suffix: ``1.2.4``);
* a prerelease whose bump stays inside the version it leads up to counts up the *last* run of
  digits in the suffix, keeping leading zeros (``beta01`` → ``beta02``, ``beta09`` → ``beta10``,
  ``beta2023.1`` → ``beta2023.2``), or appends ``.1`` when it has no digits (``a`` → ``a.1``).
  A minor bump stays inside when the patch is 0, a major when minor and patch are 0, a patch
  always; otherwise the plain minor/major bump applies and the suffix is kept
  (``1.1.1-beta01`` + feat → ``1.2.0-beta01``).

With ``prerelease`` off, the same bump is computed and then stripped to ``X.Y.Z`` (prerelease
and build dropped): ``1.0.0-beta01`` + breaking → ``1.0.0``.

release-please reads the digit run with JavaScript's ``Number``, which loses precision past 15
digits; releasegate counts exactly, on the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasegate.engine.version import Version
from releasegate.engine.versioning_strategies import (
    CustomVersionUpdate,
    MajorVersionUpdate,
    MinorVersionUpdate,
    VersioningStrategyOptions,
    VersionUpdater,
)
from releasegate.engine.versioning_strategies.default import (
    DefaultVersioningStrategy,
    Part,
    release_as_version,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from releasegate.engine.commits import ConventionalCommit

__all__ = [
    "PrereleaseMajorVersionUpdate",
    "PrereleaseMinorVersionUpdate",
    "PrereleasePatchVersionUpdate",
    "PrereleaseVersioningStrategy",
    "bump_prerelease",
    "increment_digits",
]

# The last run of ASCII digits: nothing but non-digits may follow it.
_PRERELEASE_NUMBER = re.compile(r"(?P<number>[0-9]+)(?=[^0-9]*\Z)")


def bump_prerelease(prerelease: str) -> str:
    """Count up the last digit run of a prerelease suffix, or append ``.1`` if it has none.

    >>> bump_prerelease("beta09"), bump_prerelease("rc.1-x"), bump_prerelease("a")
    ('beta10', 'rc.2-x', 'a.1')
    """
    match = _PRERELEASE_NUMBER.search(prerelease)
    if match is None:
        return f"{prerelease}.1"
    number = increment_digits(match["number"])
    return f"{prerelease[: match.start()]}{number}{prerelease[match.end() :]}"


def increment_digits(digits: str) -> str:
    """Add one to a run of ASCII digits, keeping its width (``"09"`` → ``"10"``).

    Done on the text, so a run of any length works (``int()`` refuses over 4,300 digits).

    >>> increment_digits("0099"), increment_digits("99")
    ('0100', '100')
    """
    kept = digits.rstrip("9")
    nines = len(digits) - len(kept)
    if not kept:
        return "1" + "0" * nines
    return f"{kept[:-1]}{int(kept[-1]) + 1}{'0' * nines}"


@dataclass(frozen=True, slots=True)
class PrereleasePatchVersionUpdate:
    """Count up a prerelease, or go to the next patch's ``prerelease_type``."""

    prerelease_type: str | None = None

    def bump(self, version: Version) -> Version:
        """Return the next prerelease of the same patch, or of the next one."""
        if version.pre_release:
            return Version(
                version.major,
                version.minor,
                version.patch,
                bump_prerelease(version.pre_release),
                version.build,
            )
        return Version(
            version.major, version.minor, version.patch + 1, self.prerelease_type, version.build
        )


@dataclass(frozen=True, slots=True)
class PrereleaseMinorVersionUpdate:
    """Count up an ``X.Y.0`` prerelease, else bump the minor."""

    prerelease_type: str | None = None

    def bump(self, version: Version) -> Version:
        """Return the next prerelease of the same minor, or of the next one."""
        if version.pre_release:
            if version.patch == 0:
                return Version(
                    version.major,
                    version.minor,
                    version.patch,
                    bump_prerelease(version.pre_release),
                    version.build,
                )
            return MinorVersionUpdate().bump(version)
        return Version(version.major, version.minor + 1, 0, self.prerelease_type, version.build)


@dataclass(frozen=True, slots=True)
class PrereleaseMajorVersionUpdate:
    """Count up an ``X.0.0`` prerelease, else bump the major."""

    prerelease_type: str | None = None

    def bump(self, version: Version) -> Version:
        """Return the next prerelease of the same major, or of the next one."""
        if version.pre_release:
            if version.minor == 0 and version.patch == 0:
                return Version(
                    version.major,
                    version.minor,
                    version.patch,
                    bump_prerelease(version.pre_release),
                    version.build,
                )
            return MajorVersionUpdate().bump(version)
        return Version(version.major + 1, 0, 0, self.prerelease_type, version.build)


_PRERELEASE_UPDATES: dict[Part, Callable[[str | None], VersionUpdater]] = {
    "major": PrereleaseMajorVersionUpdate,
    "minor": PrereleaseMinorVersionUpdate,
    "patch": PrereleasePatchVersionUpdate,
}


@dataclass(frozen=True, slots=True)
class PrereleaseVersioningStrategy(DefaultVersioningStrategy):
    """The default rules, applied to prereleases; ``Release-As`` still overrides.

    >>> from releasegate.engine.commits import ConventionalCommit
    >>> fix = ConventionalCommit("abc", "fix: x", (), "fix", None, "x")
    >>> beta = PrereleaseVersioningStrategy(prerelease_type="beta", prerelease=True)
    >>> str(beta.bump(Version(1, 2, 3), [fix])), str(beta.bump(Version(1, 2, 4, "beta"), [fix]))
    ('1.2.4-beta', '1.2.4-beta.1')
    """

    prerelease_type: str | None = None
    prerelease: bool = False

    @classmethod
    def from_options(cls, options: VersioningStrategyOptions) -> PrereleaseVersioningStrategy:
        """Build the strategy from the factory's options."""
        return cls(
            bump_minor_pre_major=options.bump_minor_pre_major,
            bump_patch_for_minor_pre_major=options.bump_patch_for_minor_pre_major,
            prerelease_type=options.prerelease_type,
            prerelease=options.prerelease,
        )

    def determine_release_type(
        self, version: Version, commits: Sequence[ConventionalCommit]
    ) -> VersionUpdater:
        """Return the update the commits call for; raise ``UsageError`` on a bad Release-As."""
        release_as = release_as_version(commits)
        if release_as is not None:
            return CustomVersionUpdate(str(release_as))
        part = self.part_to_bump(version, commits)
        updater = _PRERELEASE_UPDATES[part](self.prerelease_type)
        if not self.prerelease:
            bumped = updater.bump(version)
            return CustomVersionUpdate(str(Version(bumped.major, bumped.minor, bumped.patch)))
        return updater
