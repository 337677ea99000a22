"""``releasegate publish``: preflight, then upload ``dist/``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from releasegate.commands._options import Command
from releasegate.commands._shared_options import (
    NO_SIGN,
    PROJECT,
    REPOSITORY_URL,
    SIMPLE_URL,
    SKIP_EXISTING,
)

__all__ = ["COMMAND", "Options", "run"]


@dataclass(frozen=True, slots=True)
class Options:
    """Options of ``publish``."""

    project: Path = field(default=Path(), metadata=PROJECT)
    repository_url: str | None = field(default=None, metadata=REPOSITORY_URL)
    simple_url: str | None = field(default=None, metadata=SIMPLE_URL)
    skip_existing: bool = field(default=False, metadata=SKIP_EXISTING)
    no_sign: bool = field(default=False, metadata=NO_SIGN)


def run(options: Options) -> int:
    """Upload the distributions."""
    from releasegate.chain import PYPI_UPLOAD_URL, publish  # noqa: PLC0415 - loaded on use

    publish(
        options.project,
        repository_url=options.repository_url or PYPI_UPLOAD_URL,
        simple_url=options.simple_url,
        skip_existing=options.skip_existing,
        require_signatures=not options.no_sign,
    )
    return 0


COMMAND = Command(
    name="publish", help="preflight, then upload dist/ with twine", options=Options, run=run
)
