"""``releasegate check``: verify every distribution in ``dist/``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from releasegate.commands._options import Command
from releasegate.commands._shared_options import PROJECT

__all__ = ["COMMAND", "Options", "run"]


@dataclass(frozen=True, slots=True)
class Options:
    """Options of ``check``."""

    project: Path = field(default=Path(), metadata=PROJECT)


def run(options: Options) -> int:
    """Check the distributions."""
    from releasegate.chain import check  # noqa: PLC0415 - the chain loads only when used

    check(options.project)
    return 0


COMMAND = Command(
    name="check",
    help="run twine check --strict, check-wheel-contents and version checks on dist/",
    options=Options,
    run=run,
)
