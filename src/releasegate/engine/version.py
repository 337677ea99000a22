"""The semver-shaped ``Version`` value type release-please works with, and its PEP 440 form.

release-please reads versions with a loose pattern (``X.Y.Z`` with optional ``-pre`` and
``+build``, found anywhere in the string), so ``1.0.0rc1`` reads as ``1.0.0``.

Under ``version-scheme = "pep440"`` (see :mod:`releasegate.engine.settings`) the same value is read
and written as PEP 440, through ``packaging``. The versioning strategies keep computing on the
semver shape; only reading and writing differ. The mapping is packaging's normalisation of the
semver text, and its inverse writes each PEP 440 segment as a dotted pair:

==================  ==========================  ==============
semver (internal)   PEP 440                     notes
==================  ==========================  ==============
``1.0.0-a``         ``1.0.0a0``                 reads back as ``a.0``
``1.0.0-a.1``       ``1.0.0a1``
``1.0.0-rc.2``      ``1.0.0rc2``                ``c``/``pre``/``preview`` → ``rc``
``1.0.0-beta``      ``1.0.0b0``                 ``alpha`` → ``a``, ``beta`` → ``b``
``1.0.0-post.1``    ``1.0.0.post1``
``1.0.0-dev.3``     ``1.0.0.dev3``
``1.0.0-a.1.dev.2`` ``1.0.0a1.dev2``
``1.0.0+local.7``   ``1.0.0+local.7``
==================  ==========================  ==============

A bump that moves ``X.Y.Z`` keeps a prerelease as release-please does (``1.0.0rc1`` + fix →
``1.0.1rc1`` under the default versioning) but drops ``.postN`` and ``.devN``: a post-release
of a version never released means nothing (``1.0.0.post1`` + feat → ``1.1.0``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import total_ordering
from typing import Literal

from packaging.version import InvalidVersion
from packaging.version import Version as Pep440Version

__all__ = ["PEP440_REGEX", "Scheme", "Version", "VersionParseError", "same_version"]

#: How versions are read and written: release-please's semver shape, or PEP 440.
Scheme = Literal["semver", "pep440"]
_RELEASE_PARTS = 3

_VERSION = re.compile(
    r"(?P<major>[0-9]+)\.(?P<minor>[0-9]+)\.(?P<patch>[0-9]+)(-(?P<pre>[^+]+))?(\+(?P<build>.*))?"
)
#: An ``X.Y.Z`` version with PEP 440 suffixes (or semver-spelled ones, ``1.0.0-rc.1``) in text:
#: what the version-file updaters replace under ``version-scheme = "pep440"``.
PEP440_REGEX = re.compile(
    r"[0-9]+\.[0-9]+\.[0-9]+"
    r"(?:[-_.]?(?:alpha|beta|preview|pre|rc|a|b|c)(?:[-_.]?[0-9]+)?)?"
    r"(?:(?:[-_.]?(?:post|rev|r)(?:[-_.]?[0-9]+)?)|-[0-9]+)?"
    r"(?:[-_.]?dev(?:[-_.]?[0-9]+)?)?"
    r"(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?",
    re.ASCII | re.IGNORECASE,
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
    >>> str(Version.parse("1.0.0rc1", "pep440")), Version.parse("1.0.0rc1", "pep440").pre_release
    ('1.0.0rc1', 'rc.1')

    ``scheme`` only changes how the version is written (``str``) and ordered; two versions
    with the same parts are equal whatever their scheme.
    """

    major: int
    minor: int
    patch: int
    pre_release: str | None = None
    build: str | None = None
    scheme: Scheme = field(default="semver", compare=False, repr=False)

    @classmethod
    def parse(cls, text: str, scheme: Scheme = "semver") -> Version:
        """Parse ``text`` as ``scheme`` says; raise VersionParseError.

        semver: the first ``X.Y.Z[-pre][+build]`` in ``text``, as release-please reads it.
        pep440: the whole text as PEP 440 (either form: ``1.0.0a1`` or ``1.0.0-a.1``), else the
        first semver-shaped version in it; at most three release numbers, no epoch.
        """
        if scheme == "pep440":
            return _parse_pep440(text)
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

    def with_scheme(self, scheme: Scheme) -> Version:
        """Return this version written as ``scheme``; raise VersionParseError if it cannot be.

        >>> str(Version(1, 0, 0, "a.1").with_scheme("pep440"))
        '1.0.0a1'
        >>> Version(1, 0, 0, "nightly").with_scheme("pep440")
        Traceback (most recent call last):
        ...
        releasegate.engine.version.VersionParseError: 1.0.0-nightly is not a PEP 440 version
        """
        if scheme == self.scheme:
            return self
        if scheme == "pep440":
            semver = self._semver()
            try:
                Pep440Version(semver)
            except InvalidVersion:
                raise VersionParseError(f"{semver} is not a PEP 440 version") from None
        return Version(self.major, self.minor, self.patch, self.pre_release, self.build, scheme)

    def without_post_and_dev(self) -> Version:
        """Drop the ``post.N`` and ``dev.N`` parts of a PEP 440 suffix (see the module docs).

        >>> str(Version.parse("1.1.0a1.post2.dev3", "pep440").without_post_and_dev())
        '1.1.0a1'
        """
        parts = (self.pre_release or "").split(".")
        kept: list[str] = []
        for index in range(0, len(parts) - 1, 2):
            if parts[index] not in {"post", "dev"}:
                kept += parts[index : index + 2]
        if len(parts) % 2:
            return self  # not the dotted pairs _parse_pep440 writes: leave it alone
        pre = ".".join(kept) or None
        return Version(self.major, self.minor, self.patch, pre, self.build, self.scheme)

    def _semver(self) -> str:
        pre = f"-{self.pre_release}" if self.pre_release else ""
        build = f"+{self.build}" if self.build else ""
        return f"{self.major}.{self.minor}.{self.patch}{pre}{build}"

    def __str__(self) -> str:
        if self.scheme == "pep440":
            try:
                return str(Pep440Version(self._semver()))
            except InvalidVersion:  # built without with_scheme(): write what we have
                return self._semver()
        return self._semver()

    @property
    def is_pre_major(self) -> bool:
        """True before 1.0.0."""
        return self.major < 1

    def _key(self) -> tuple[int, int, int, tuple[tuple[int, int | str], ...] | None]:
        return (self.major, self.minor, self.patch, _pre_key(self.pre_release))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        if self.scheme == other.scheme == "pep440":
            try:
                return Pep440Version(self._semver()) < Pep440Version(other._semver())
            except InvalidVersion:
                pass  # not PEP 440 after all: order as semver
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


def _parse_pep440(text: str) -> Version:
    """Read a PEP 440 version (see the module's table for the mapping)."""
    parsed = _pep440_or_none(text.strip())
    if parsed is None:
        match = _VERSION.search(text)
        parsed = _pep440_or_none(match.group()) if match else None
    if parsed is None:
        raise VersionParseError(f"{text!r} is not a PEP 440 version")
    if parsed.epoch or len(parsed.release) > _RELEASE_PARTS:
        raise VersionParseError(f"{text!r} is not a version X.Y.Z with an optional suffix")
    major, minor, patch = (*parsed.release, 0, 0)[:_RELEASE_PARTS]
    parts = []
    if parsed.pre is not None:
        parts.append(f"{parsed.pre[0]}.{parsed.pre[1]}")
    if parsed.post is not None:
        parts.append(f"post.{parsed.post}")
    if parsed.dev is not None:
        parts.append(f"dev.{parsed.dev}")
    return Version(major, minor, patch, ".".join(parts) or None, parsed.local, "pep440")


def _pep440_or_none(text: str) -> Pep440Version | None:
    try:
        return Pep440Version(text)
    except InvalidVersion:
        return None


def same_version(a: Version, b: Version) -> bool:
    """Equal parts, or (when either is PEP 440) the same PEP 440 version.

    >>> same_version(Version.parse("1.0.0b0", "pep440"), Version.parse("1.0.0-beta"))
    True
    """
    if a == b:
        return True
    if "pep440" not in {a.scheme, b.scheme}:
        return False
    left, right = _pep440_or_none(a._semver()), _pep440_or_none(b._semver())  # noqa: SLF001
    return left is not None and left == right
