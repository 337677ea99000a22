"""``releasegate build``: a reproducible sdist and wheel in a clean ``dist/``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from releasegate.commands._options import Command
from releasegate.commands._shared_options import PROJECT

__all__ = ["COMMAND", "Options", "run"]


@dataclass(frozen=True, slots=True)
class Options:
    """Options of ``build``."""

    project: Path = field(default=Path(), metadata=PROJECT)


def run(options: Options) -> int:
    """Build the distributions."""
    from releasegate.chain import build  # noqa: PLC0415 - the chain loads only when used

    build(options.project)
    return 0


COMMAND = Command(
    name="build",
    help="build a reproducible sdist and wheel into a clean dist/",
    options=Options,
    run=run,
)
