"""File updaters: pure text → text transformations, one per release-please updater class.

An updater receives a file's current text (``None`` when the file does not exist) and returns the
new text. Each module mirrors one file of release-please's ``src/updaters/`` and produces its
output byte for byte; *which* files a release updates is the strategies' business.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from releasegate.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from releasegate.engine.version import Version

__all__ = ["Update", "UpdateOptions", "Updater", "UpdaterError"]


class Updater(Protocol):
    """Rewrites one file's content (release-please's ``Updater`` interface, ``src/update.ts``)."""

    def update_content(self, content: str | None) -> str:
        """Return the new content for ``content`` (``None``: the file is missing)."""
        ...


@dataclass(frozen=True, slots=True)
class Update:
    """A file the release PR changes: its path and its updaters, applied in order.

    release-please's ``Update`` (``src/update.ts``). ``required``: the user named the file
    (``extra-files``, hatch's version path), so under ``strict`` its absence is an error;
    release-please skips a missing file silently.
    """

    path: str
    updaters: tuple[Updater, ...]
    create_if_missing: bool = False
    required: bool = False


@dataclass(frozen=True, slots=True)
class UpdateOptions:
    """The options every version updater shares (release-please's ``UpdateOptions``).

    ``versions_map`` maps component names to their new versions in a multi-package release.
    """

    version: Version
    versions_map: Mapping[str, Version] | None = None


class UpdaterError(UsageError):
    """A project file cannot be updated; release-please fails the whole run in these cases."""
