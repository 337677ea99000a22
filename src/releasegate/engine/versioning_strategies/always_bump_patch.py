"""A versioning strategy that always bumps the patch, whatever the commits say.

Mirrors release-please's ``src/versioning-strategies/always-bump-patch.ts``, meant for backport
branches: ``Release-As`` notes and the pre-1.0 options are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasegate.engine.versioning_strategies import PatchVersionUpdate
from releasegate.engine.versioning_strategies.default import DefaultVersioningStrategy

if TYPE_CHECKING:
    from collections.abc import Sequence

    from releasegate.engine.commits import ConventionalCommit
    from releasegate.engine.version import Version

__all__ = ["AlwaysBumpPatch"]


@dataclass(frozen=True, slots=True)
class AlwaysBumpPatch(DefaultVersioningStrategy):
    """Always a patch bump."""

    def determine_release_type(
        self,
        version: Version,  # noqa: ARG002 - the base class's signature
        commits: Sequence[ConventionalCommit],  # noqa: ARG002 - the base class's signature
    ) -> PatchVersionUpdate:
        """Return a patch update."""
        return PatchVersionUpdate()
