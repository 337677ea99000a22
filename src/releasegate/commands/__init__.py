"""One module per CLI subcommand; each declares its options once and exposes ``COMMAND``.

A command module defines a frozen ``Options`` dataclass (see :mod:`releasegate.commands._options`),
a ``run(options) -> int`` function and ``COMMAND``. The CLI (:mod:`releasegate.cli`) and the
invoke tasks (:mod:`releasegate.invoke_tasks`) are both built from :data:`COMMANDS`, so a flag
exists in both or in neither.

A command module only reads its flags, calls the library (:mod:`releasegate.chain`,
:mod:`releasegate.forge`, :mod:`releasegate.adopt`, :mod:`releasegate.engine`) and renders the
result; it never imports another command (its private helpers ``_options``, ``_shared_options``
and ``_pr_report`` are shared). Only :mod:`releasegate.cli` and :mod:`releasegate.invoke_tasks`
import this package.

Command modules are imported on first use: ``releasegate release-pr`` loads only
``release_pr`` and what it needs, not the chain's HTTP client or the doctor (issue 11).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from releasegate.commands._options import Command

__all__ = ["COMMANDS", "COMMAND_NAMES", "Command", "find_command"]

# Each command lives in the module named after it, ``-`` spelled ``_``; this is the help order.
COMMAND_NAMES: tuple[str, ...] = (
    "release-pr",
    "github-release",
    "check-pr",
    "build",
    "check",
    "sign",
    "publish",
    "release",
    "publish-release",
    "init",
    "doctor",
)

if TYPE_CHECKING:
    COMMANDS: tuple[Command, ...]


def find_command(name: str) -> Command:
    """Return the command called ``name`` (``release-pr`` or ``release_pr``); KeyError if none."""
    wanted = name.replace("_", "-")
    if wanted not in COMMAND_NAMES:
        raise KeyError(name)
    command: Command = import_module(f"{__name__}.{wanted.replace('-', '_')}").COMMAND
    return command


def __getattr__(name: str) -> object:
    """Build :data:`COMMANDS` (every command, importing every module) when first asked."""
    if name == "COMMANDS":
        commands = tuple(find_command(n) for n in COMMAND_NAMES)
        globals()["COMMANDS"] = commands
        return commands
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
