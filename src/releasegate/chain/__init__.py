"""The release chain: build, check, sign, publish, release. Each step is a plain function.

``publish_release`` runs the chain for every package the merged release PRs released, from
their release commits, then publishes their draft GitHub releases (``publish-release``).

``tasks.py`` and the CLI call these; nothing here parses flags or prints tracebacks. The chain
may import :mod:`releasegate.forge` (the HTTP layer, git, GitHub), :mod:`releasegate.engine`
and the base modules; never :mod:`releasegate.adopt` or :mod:`releasegate.commands`.
"""

from __future__ import annotations

from releasegate.chain.build import build
from releasegate.chain.check import check
from releasegate.chain.publish import PYPI_UPLOAD_URL, publish
from releasegate.chain.release import release
from releasegate.chain.sign import sign, verify_bundle

__all__ = ["PYPI_UPLOAD_URL", "build", "check", "publish", "release", "sign", "verify_bundle"]
