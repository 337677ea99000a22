"""``releasegate build`` and ``releasegate check``: the chain's local steps on the command line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from releasegate import chain

if TYPE_CHECKING:
    import argparse

    from releasegate.commands import Subparsers

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``build`` and ``check`` subcommands."""
    for name, helptext in (
        ("build", "build a reproducible sdist and wheel into a clean dist/"),
        ("check", "run twine check --strict and check-wheel-contents on dist/"),
    ):
        parser = subparsers.add_parser(name, help=helptext, description=helptext)
        parser.add_argument("-C", dest="project", type=Path, default=Path(), metavar="PATH")
        parser.set_defaults(handler=_HANDLERS[name])


def _build(args: argparse.Namespace) -> int:
    chain.build(args.project)
    return 0


def _check(args: argparse.Namespace) -> int:
    chain.check(args.project)
    return 0


_HANDLERS = {"build": _build, "check": _check}
