"""One module per CLI subcommand; each exposes ``register(subparsers)``.

A command's ``register`` adds its subparser and sets ``handler`` to a function taking the parsed
namespace and returning an exit code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from releasegate.commands import chain_steps, release_pr

__all__ = ["COMMANDS", "Command"]

if TYPE_CHECKING:
    import argparse

    # add_subparsers() returns this private class; only its type is named here
    Subparsers = argparse._SubParsersAction[Any]  # noqa: SLF001


class Command(Protocol):
    """A subcommand module."""

    def register(self, subparsers: Subparsers) -> None:
        """Add the subcommand's parser to ``subparsers``."""


COMMANDS: tuple[Command, ...] = (release_pr, chain_steps)
