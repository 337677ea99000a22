"""One module per CLI subcommand; each declares its options once and exposes ``COMMAND``.

A command module defines a frozen ``Options`` dataclass (see :mod:`releasegate.commands._options`),
a ``run(options) -> int`` function and ``COMMAND``. The CLI (:mod:`releasegate.cli`) and the
invoke tasks (:mod:`releasegate.invoke_tasks`) are both built from :data:`COMMANDS`, so a flag
exists in both or in neither.
"""

from __future__ import annotations

from releasegate.commands import (
    build,
    check,
    doctor,
    github_release,
    init,
    publish,
    publish_release,
    release,
    release_pr,
    sign,
)
from releasegate.commands._options import Command

__all__ = ["COMMANDS", "Command", "find_command"]

COMMANDS: tuple[Command, ...] = (
    release_pr.COMMAND,
    github_release.COMMAND,
    build.COMMAND,
    check.COMMAND,
    sign.COMMAND,
    publish.COMMAND,
    release.COMMAND,
    publish_release.COMMAND,
    init.COMMAND,
    doctor.COMMAND,
)


def find_command(name: str) -> Command:
    """Return the command called ``name`` (``release-pr`` or ``release_pr``); KeyError if none."""
    wanted = name.replace("_", "-")
    for command in COMMANDS:
        if command.name == wanted:
            return command
    raise KeyError(name)
