"""``setup.py`` version updates (release-please's ``SetupPy``, ``updaters/python/setup-py.ts``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from releasegate.engine.updaters.default import DefaultUpdater
from releasegate.engine.version import PEP440_REGEX

__all__ = ["SetupPy"]

# Only X.Y.Z with an optional -word suffix is recognised (so 1.0.0.dev0 or 1.0.0-beta.1 stay).
_VERSION = re.compile(r"""(version ?= ?["'])[0-9]+\.[0-9]+\.[0-9]+(?:-\w+)?(["'])""", re.ASCII)
# Under version-scheme = "pep440" the old version may carry any PEP 440 suffix.
_PEP440 = re.compile(rf"""(version ?= ?["']){PEP440_REGEX.pattern}(["'])""", PEP440_REGEX.flags)


@dataclass(frozen=True, slots=True)
class SetupPy(DefaultUpdater):
    r"""Replace the first ``version="X.Y.Z"`` in a ``setup.py`` (mirrors ``SetupPy``).

    >>> from releasegate.engine.version import Version
    >>> SetupPy(Version(1, 1, 0)).update_content('setup(version="1.0.0")\n')
    'setup(version="1.1.0")\n'
    """

    def update_content(self, content: str | None) -> str:
        """Return ``content`` with its first version assignment set to the new version."""
        pattern = _PEP440 if self.version.scheme == "pep440" else _VERSION
        return pattern.sub(lambda m: f"{m[1]}{self.version}{m[2]}", content or "", count=1)
