"""The semver-shaped ``Version`` value type release-please works with.

release-please reads versions with a loose pattern (``X.Y.Z`` with optional ``-pre`` and
``+build``, found anywhere in the string), so ``1.0.0rc1`` reads as ``1.0.0``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering

__all__ = ["Version", "VersionParseError"]

_VERSION = re.compile(
    r"(?P<major>[0-9]+)\.(?P<minor>[0-9]+)\.(?P<patch>[0-9]+)(-(?P<pre>[^+]+))?(\+(?P<build>.*))?"
)
_NUMERIC = re.compile(r"^(0|[1-9]\d*)$")


class VersionParseError(ValueError):
    """The text holds no ``X.Y.Z`` version."""


@total_ordering
@dataclass(frozen=True, slots=True)
class Version:
    """A version as release-please models it: numbers, optional prerelease and build.

    >>> str(Version.parse("v1.2.3-beta.1+sha"))
    '1.2.3-beta.1+sha'
    >>> Version.parse("1.0.0rc1")
    Version(major=1, minor=0, patch=0, pre_release=None, build=None)
    """

    major: int
    minor: int
    patch: int
    pre_release: str | None = None
    build: str | None = None

    @classmethod
    def parse(cls, text: str) -> Version:
        """Parse the first ``X.Y.Z[-pre][+build]`` in ``text``; raise VersionParseError."""
        match = _VERSION.search(text)
        if match is None:
            raise VersionParseError(f"unable to parse version string: {text}")
        return cls(
            int(match["major"]),
            int(match["minor"]),
            int(match["patch"]),
            match["pre"] or None,
            match["build"] or None,
        )

    def __str__(self) -> str:
        pre = f"-{self.pre_release}" if self.pre_release else ""
        build = f"+{self.build}" if self.build else ""
        return f"{self.major}.{self.minor}.{self.patch}{pre}{build}"

    @property
    def is_pre_major(self) -> bool:
        """True before 1.0.0."""
        return self.major < 1

    def _key(self) -> tuple[int, int, int, tuple[tuple[int, int | str], ...] | None]:
        return (self.major, self.minor, self.patch, _pre_key(self.pre_release))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        a, b = self._key(), other._key()
        if a[:3] != b[:3]:
            return a[:3] < b[:3]
        # semver: a version with a prerelease sorts before the release itself
        if a[3] is None or b[3] is None:
            return a[3] is not None and b[3] is None
        return a[3] < b[3]

    def compare(self, other: Version) -> int:
        """Return -1, 0 or 1 as semver precedence orders the two (build metadata ignored)."""
        if self < other:
            return -1
        if other < self:
            return 1
        return 0


def _pre_key(pre: str | None) -> tuple[tuple[int, int | str], ...] | None:
    """Semver prerelease ordering: numeric identifiers sort before and among themselves."""
    if not pre:
        return None
    return tuple((0, int(p)) if _NUMERIC.match(p) else (1, p) for p in pre.split("."))
