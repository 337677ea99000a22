"""Release tag names as release-please writes and reads them (``src/util/tag-name.ts``).

A tag is ``[<component><separator>][v]<version>``: ``v1.2.3``, ``my-lib-v1.2.3``,
``my-lib/1.2.3``. Parsing uses release-please's pattern, greedy component and all, so
``a.1.2.3`` reads as component ``a``, separator ``.``, and ``1.10.2.3`` as component ``1``
with version ``10.2.3``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasegate.engine.version import Version

if TYPE_CHECKING:
    from releasegate.engine.version import Scheme

__all__ = ["DEFAULT_SEPARATOR", "TagName"]

DEFAULT_SEPARATOR = "-"

# release-please's TAG_PATTERN with JavaScript's semantics spelled out: ``.`` stops at any JS
# line terminator, ``\d`` is ASCII only and ``$`` is the very end of the text.
_ANY = r"[^\n\r\u2028\u2029]"
_TAG_PATTERN = re.compile(
    rf"((?P<component>{_ANY}*)(?P<separator>[^a-zA-Z0-9]))?"
    rf"(?P<v>v)?(?P<version>[0-9]+\.[0-9]+\.[0-9]+{_ANY}*)\Z"
)


@dataclass(frozen=True, slots=True)
class TagName:
    """A release tag: version, optional component, separator and ``v`` prefix.

    An empty component counts as none when rendering.

    >>> str(TagName(Version(1, 2, 3), "my-lib", "/", include_v=False))
    'my-lib/1.2.3'
    >>> TagName.parse("my-lib-v1.2.3") == TagName(Version(1, 2, 3), "my-lib")
    True
    """

    version: Version
    component: str | None = None
    separator: str = DEFAULT_SEPARATOR
    include_v: bool = True

    @classmethod
    def parse(cls, text: str, scheme: Scheme = "semver") -> TagName | None:
        """Read a tag name; return None when it does not end in ``[v]X.Y.Z...``.

        Without a component the separator is the default ``-``; a tag such as ``-v1.2.3``
        keeps its empty component ``""``. The version is read in ``scheme``, the project's
        ``version-scheme``: as semver (release-please's reading) ``v1.1.0rc1`` is 1.1.0, as
        PEP 440 it is the release candidate 1.1.0rc1. A tag PEP 440 would write otherwise
        (``v1.0.0-rc.1``, from before a project moved to PEP 440) keeps the semver reading,
        which renders back to the tag itself.

        >>> str(TagName.parse("v1.1.0rc1", "pep440").version)
        '1.1.0rc1'
        >>> str(TagName.parse("v1.0.0-rc.1", "pep440"))
        'v1.0.0-rc.1'
        """
        match = _TAG_PATTERN.match(text)
        if match is None:
            return None
        separator = match["separator"]
        version = Version.parse(match["version"], scheme)
        if str(version) != match["version"]:
            version = Version.parse(match["version"])
        return cls(
            version,
            match["component"],
            DEFAULT_SEPARATOR if separator is None else separator,
            include_v=match["v"] is not None,
        )

    def __str__(self) -> str:
        prefix = "v" if self.include_v else ""
        if self.component:
            return f"{self.component}{self.separator}{prefix}{self.version}"
        return f"{prefix}{self.version}"
