"""Release tasks (``invoke release``, ``invoke build check``), written by ``releasegate init``.

Each task is releasegate's own; ``invoke --list`` shows them, ``invoke <task> --help`` their flags.
"""

from __future__ import annotations

from releasegate.invoke_tasks import (  # re-exported as this project's tasks
    build,
    check,
    check_pr,
    github_release,
    publish,
    publish_release,
    release,
    release_pr,
    sign,
)

__all__ = [
    "build",
    "check",
    "check_pr",
    "github_release",
    "publish",
    "publish_release",
    "release",
    "release_pr",
    "sign",
]
