"""Release tasks: ``invoke release --dry-run``, ``invoke release-pr``, ``invoke build check``.

Each task is the releasegate command of the same name, with the same flags (see
``releasegate.invoke_tasks``); this file only picks the ones this project uses.
"""

from __future__ import annotations

from releasegate.invoke_tasks import build, check, publish, release, release_pr, sign

__all__ = ["build", "check", "publish", "release", "release_pr", "sign"]
