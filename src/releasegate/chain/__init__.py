"""The release chain: build, check, sign, publish, release. Each step is a plain function.

``tasks.py`` and the CLI call these; nothing here parses flags or prints tracebacks.
"""

from __future__ import annotations

from releasegate.chain.build import build
from releasegate.chain.check import check

__all__ = ["build", "check"]
