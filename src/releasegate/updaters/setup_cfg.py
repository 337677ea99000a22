"""``setup.cfg`` version updates (release-please's ``SetupCfg``, ``python/setup-cfg.ts``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from releasegate.updaters.default import DefaultUpdater

__all__ = ["SetupCfg"]

# The first `version = X.Y.Z` anywhere, which may be `current_version = …` of [bumpversion].
_VERSION = re.compile(r"(version ?= ?)[0-9]+\.[0-9]+\.[0-9]+(?:-\w+)?", re.ASCII)


@dataclass(frozen=True, slots=True)
class SetupCfg(DefaultUpdater):
    r"""Replace the first ``version = X.Y.Z`` in a ``setup.cfg`` (mirrors ``SetupCfg``).

    >>> from releasegate.version import Version
    >>> SetupCfg(Version(1, 1, 0)).update_content("[metadata]\nversion = 1.0.0\n")
    '[metadata]\nversion = 1.1.0\n'
    """

    def update_content(self, content: str | None) -> str:
        """Return ``content`` with its first ``version = X.Y.Z`` set to the new version."""
        return _VERSION.sub(lambda m: f"{m[1]}{self.version}", content or "", count=1)
