"""``__version__`` updates in Python files (release-please's ``PythonFileWithVersion``).

Mirrors ``updaters/python/python-file-with-version.ts``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from releasegate.updaters.default import DefaultUpdater

__all__ = ["PythonFileWithVersion"]

# `__version__: str = "…"` does not match: release-please allows only `__version__ = "…"`.
_VERSION = re.compile(r"""(__version__ ?= ?["'])[0-9]+\.[0-9]+\.[0-9]+(?:-\w+)?(["'])""", re.ASCII)


@dataclass(frozen=True, slots=True)
class PythonFileWithVersion(DefaultUpdater):
    r"""Replace the first ``__version__ = "X.Y.Z"`` (``__init__.py``, ``version.py``).

    >>> from releasegate.version import Version
    >>> PythonFileWithVersion(Version(2, 0, 0)).update_content("__version__ = '1.0.0'\n")
    "__version__ = '2.0.0'\n"
    """

    def update_content(self, content: str | None) -> str:
        """Return ``content`` with its first ``__version__`` string set to the new version."""
        return _VERSION.sub(lambda m: f"{m[1]}{self.version}{m[2]}", content or "", count=1)
