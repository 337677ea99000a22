"""The ``simple`` release-type: a CHANGELOG and a version file (release-please's ``Simple``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from releasegate.engine.strategies.base import Strategy, Update
from releasegate.engine.updaters.changelog import Changelog
from releasegate.engine.updaters.default import DefaultUpdater

if TYPE_CHECKING:
    from collections.abc import Sequence

    from releasegate.engine.commits import ConventionalCommit
    from releasegate.engine.version import Version

__all__ = ["Simple"]


class Simple(Strategy):
    """Updates CHANGELOG.md and ``version-file`` (default ``version.txt``)."""

    def build_updates(
        self,
        notes: str,
        version: Version,
        commits: Sequence[ConventionalCommit],  # noqa: ARG002 - simple needs no commits
    ) -> list[Update]:
        """The changelog, then the version file."""
        updates: list[Update] = []
        if not self.config.skip_changelog:
            changelog = Changelog(version=version, changelog_entry=notes)
            path = self.config.changelog_path or "CHANGELOG.md"
            updates.append(Update(self.add_path(path), (changelog,), create_if_missing=True))
        version_file = self.config.version_file or "version.txt"
        updates.append(Update(self.add_path(version_file), (DefaultUpdater(version=version),)))
        return updates
