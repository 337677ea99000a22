"""``releasegate check``: verify every distribution in ``dist/``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from releasegate.commands._options import Command
from releasegate.commands._shared_options import PROJECT, REQUIRE_SDIST_TESTS

__all__ = ["COMMAND", "Options", "run"]


@dataclass(frozen=True, slots=True)
class Options:
    """Options of ``check``."""

    project: Path = field(default=Path(), metadata=PROJECT)
    require_sdist_tests: bool = field(default=False, metadata=REQUIRE_SDIST_TESTS)


def run(options: Options) -> int:
    """Check the distributions."""
    from releasegate.chain import check  # noqa: PLC0415 - the chain loads only when used

    # without the flag, [tool.releasegate] decides
    check(options.project, require_sdist_tests=options.require_sdist_tests or None)
    return 0


COMMAND = Command(
    name="check",
    help="run twine check --strict, check-wheel-contents and version checks on dist/",
    options=Options,
    run=run,
)
