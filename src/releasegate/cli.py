"""Command line: the argparse tree and the one place that turns errors into exit codes."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import traceback
from typing import TYPE_CHECKING, NoReturn

import releasegate
from releasegate import commands
from releasegate._redact import redact
from releasegate.commands._options import add_arguments, from_namespace
from releasegate.errors import ReleasegateError, UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["entrypoint", "main"]

PROG = "releasegate"


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}; see '{self.prog} --help'")


class _VersionAction(argparse.Action):
    """``--version``, resolving the version only when asked."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> NoReturn:
        print(f"{parser.prog} {releasegate.__version__}")
        parser.exit()


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Return the argument parser with one subparser per command (``only``: just that one)."""
    parser = _Parser(prog=PROG, description="Release tooling for Python projects.")
    parser.add_argument(
        "--version", action=_VersionAction, nargs=0, help="show the version and exit"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for command in (commands.find_command(only),) if only else commands.COMMANDS:
        child = sub.add_parser(
            command.name, help=command.help, description=command.description or command.help
        )
        add_arguments(child, command.options)
        child.set_defaults(command_spec=command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run releasegate with ``argv`` and return the exit code (never calls ``sys.exit``)."""
    try:
        args = build_parser(_command_named_first(argv)).parse_args(argv)
        command = args.command_spec
        return int(command.run(from_namespace(command.options, args)))
    except ReleasegateError as exc:
        _print_error(f"{PROG}: error: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        _print_error(f"{PROG}: interrupted")
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, no traceback
        if os.environ.get("RELEASEGATE_DEBUG"):
            traceback.print_exc()
        _print_error(
            f"{PROG}: internal error: {type(exc).__name__}: {exc} "
            "(set RELEASEGATE_DEBUG=1 for the traceback)"
        )
        return 1


def _command_named_first(argv: Sequence[str] | None) -> str | None:
    """The command ``argv`` starts with, if any: then only its module needs importing.

    Anything else (``--help``, a typo, no command) gets the full parser, whose help and errors
    list every command.
    """
    args = sys.argv[1:] if argv is None else argv
    first = args[0] if args else None
    return first if first in commands.COMMAND_NAMES else None


def _print_error(line: str) -> None:
    print(redact(line), file=sys.stderr)


def entrypoint() -> NoReturn:
    """Console-script entry point.

    The process ends with the command, and what a command builds (a long history's commits,
    notes and changelog entries: a million small objects) holds no reference cycles and stays
    alive to the end. So the cyclic collector stays off, and the objects are frozen before exit,
    where the interpreter's final collection would otherwise examine each of them once.
    """
    gc.disable()
    code = main()
    gc.freeze()
    raise SystemExit(code)
