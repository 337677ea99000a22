"""``setup.cfg`` version updates (release-please's ``SetupCfg``, ``python/setup-cfg.ts``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from releasegate.engine.updaters.default import DefaultUpdater
from releasegate.engine.version import PEP440_REGEX

__all__ = ["SetupCfg"]

# The first `version = X.Y.Z` anywhere, which may be `current_version = …` of [bumpversion].
_VERSION = re.compile(r"(version ?= ?)[0-9]+\.[0-9]+\.[0-9]+(?:-\w+)?", re.ASCII)
# Under version-scheme = "pep440" the old version may carry any PEP 440 suffix.
_PEP440 = re.compile(rf"(version ?= ?){PEP440_REGEX.pattern}", PEP440_REGEX.flags)


@dataclass(frozen=True, slots=True)
class SetupCfg(DefaultUpdater):
    r"""Replace the first ``version = X.Y.Z`` in a ``setup.cfg`` (mirrors ``SetupCfg``).

    >>> from releasegate.engine.version import Version
    >>> SetupCfg(Version(1, 1, 0)).update_content("[metadata]\nversion = 1.0.0\n")
    '[metadata]\nversion = 1.1.0\n'
    """

    def update_content(self, content: str | None) -> str:
        """Return ``content`` with its first ``version = X.Y.Z`` set to the new version."""
        pattern = _PEP440 if self.version.scheme == "pep440" else _VERSION
        return pattern.sub(lambda m: f"{m[1]}{self.version}", content or "", count=1)
