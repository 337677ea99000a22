"""Versioning strategies: how the next version follows from the last one and the commits.

Mirrors release-please's ``src/versioning-strategy.ts`` (the ``VersioningStrategy`` interface and
the ``VersionUpdater`` kinds) and ``src/factories/versioning-strategy-factory.ts`` (the name
registry). Every strategy receives the same options, as release-please passes one options object
to each constructor; only ``default`` and ``prerelease`` look at the pre-1.0 flags, and only
``prerelease`` at ``prerelease_type`` and ``prerelease``.

>>> from releasegate.engine.version import Version
>>> str(build_versioning_strategy("always-bump-minor").bump(Version(1, 2, 3), []))
'1.3.0'
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from releasegate.engine.version import Version
from releasegate.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from releasegate.engine.commits import ConventionalCommit

__all__ = [
    "VERSIONING_STRATEGIES",
    "AlwaysBumpMajor",
    "AlwaysBumpMinor",
    "AlwaysBumpPatch",
    "CustomVersionUpdate",
    "DefaultVersioningStrategy",
    "MajorVersionUpdate",
    "MinorVersionUpdate",
    "PatchVersionUpdate",
    "PrereleaseVersioningStrategy",
    "ServicePackVersioningStrategy",
    "VersionUpdater",
    "VersioningStrategy",
    "VersioningStrategyOptions",
    "build_versioning_strategy",
]


class VersioningStrategy(Protocol):
    """Computes the next version from the current one and the release's commits (newest first)."""

    def bump(self, version: Version, commits: Sequence[ConventionalCommit]) -> Version:
        """Return the next version; raise ``UsageError`` for an unparsable ``Release-As``."""
        ...


class VersionUpdater(Protocol):
    """One kind of version change (major, minor, patch, an explicit version, ...)."""

    def bump(self, version: Version) -> Version:
        """Return ``version`` changed by this kind of update."""
        ...


@dataclass(frozen=True, slots=True)
class MajorVersionUpdate:
    """``X+1.0.0``; like release-please it keeps the prerelease and build parts.

    >>> str(MajorVersionUpdate().bump(Version(1, 2, 3, "beta")))
    '2.0.0-beta'
    """

    def bump(self, version: Version) -> Version:
        """Return the next major version."""
        return Version(version.major + 1, 0, 0, version.pre_release, version.build)


@dataclass(frozen=True, slots=True)
class MinorVersionUpdate:
    """``X.Y+1.0``, keeping the prerelease and build parts."""

    def bump(self, version: Version) -> Version:
        """Return the next minor version."""
        return Version(version.major, version.minor + 1, 0, version.pre_release, version.build)


@dataclass(frozen=True, slots=True)
class PatchVersionUpdate:
    """``X.Y.Z+1``, keeping the prerelease and build parts."""

    def bump(self, version: Version) -> Version:
        """Return the next patch version."""
        return Version(
            version.major, version.minor, version.patch + 1, version.pre_release, version.build
        )


@dataclass(frozen=True, slots=True)
class CustomVersionUpdate:
    """Sets an explicit version (``Release-As``), whatever the current one is."""

    version_string: str

    def bump(self, version: Version) -> Version:  # noqa: ARG002 - the protocol's signature
        """Return the version this update was made with; raise VersionParseError if invalid."""
        return Version.parse(self.version_string)


@dataclass(frozen=True, slots=True)
class VersioningStrategyOptions:
    """The options every strategy is built from (release-please's factory options)."""

    bump_minor_pre_major: bool = False
    bump_patch_for_minor_pre_major: bool = False
    prerelease_type: str | None = None
    prerelease: bool = False


def build_versioning_strategy(
    name: str,
    *,
    bump_minor_pre_major: bool = False,
    bump_patch_for_minor_pre_major: bool = False,
    prerelease_type: str | None = None,
    prerelease: bool = False,
) -> VersioningStrategy:
    """Build the strategy a config's ``versioning`` names (an empty name means ``default``).

    Raises ``UsageError`` for an unknown name, listing the valid ones.

    >>> build_versioning_strategy("prerelease", prerelease_type="beta", prerelease=True)
    PrereleaseVersioningStrategy(bump_minor_pre_major=False, bump_patch_for_minor_pre_major=False, prerelease_type='beta', prerelease=True)
    """  # noqa: E501 - a doctest's expected output is one line
    strategy = VERSIONING_STRATEGIES.get(name or "default")
    if strategy is None:
        valid = ", ".join(repr(known) for known in sorted(VERSIONING_STRATEGIES))
        raise UsageError(f"unknown versioning strategy {name!r}; use one of {valid}")
    options = VersioningStrategyOptions(
        bump_minor_pre_major=bump_minor_pre_major,
        bump_patch_for_minor_pre_major=bump_patch_for_minor_pre_major,
        prerelease_type=prerelease_type,
        prerelease=prerelease,
    )
    return strategy.from_options(options)


# The strategy modules import the update kinds defined above, so they load last.
from releasegate.engine.versioning_strategies.always_bump_major import AlwaysBumpMajor  # noqa: E402 - loads after the update kinds
from releasegate.engine.versioning_strategies.always_bump_minor import AlwaysBumpMinor  # noqa: E402 - loads after the update kinds
from releasegate.engine.versioning_strategies.always_bump_patch import AlwaysBumpPatch  # noqa: E402 - loads after the update kinds
from releasegate.engine.versioning_strategies.default import DefaultVersioningStrategy  # noqa: E402 - loads after the update kinds
from releasegate.engine.versioning_strategies.prerelease import (  # noqa: E402 - loads after the update kinds
    PrereleaseVersioningStrategy,
)
from releasegate.engine.versioning_strategies.service_pack import (  # noqa: E402 - loads after the update kinds
    ServicePackVersioningStrategy,
)

#: Config name → strategy class, as release-please's ``versioningTypes``.
VERSIONING_STRATEGIES: Mapping[str, type[DefaultVersioningStrategy]] = MappingProxyType(
    {
        "default": DefaultVersioningStrategy,
        "always-bump-patch": AlwaysBumpPatch,
        "always-bump-minor": AlwaysBumpMinor,
        "always-bump-major": AlwaysBumpMajor,
        "service-pack": ServicePackVersioningStrategy,
        "prerelease": PrereleaseVersioningStrategy,
    }
)
