"""A versioning strategy that always bumps the minor, whatever the commits say.

Mirrors release-please's ``src/versioning-strategies/always-bump-minor.ts``: ``Release-As``
notes and the pre-1.0 options are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasegate.engine.versioning_strategies import MinorVersionUpdate
from releasegate.engine.versioning_strategies.default import DefaultVersioningStrategy

if TYPE_CHECKING:
    from collections.abc import Sequence

    from releasegate.engine.commits import ConventionalCommit
    from releasegate.engine.version import Version

__all__ = ["AlwaysBumpMinor"]


@dataclass(frozen=True, slots=True)
class AlwaysBumpMinor(DefaultVersioningStrategy):
    """Always a minor bump."""

    def determine_release_type(
        self,
        version: Version,  # noqa: ARG002 - the base class's signature
        commits: Sequence[ConventionalCommit],  # noqa: ARG002 - the base class's signature
    ) -> MinorVersionUpdate:
        """Return a minor update."""
        return MinorVersionUpdate()
