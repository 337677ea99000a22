"""``releasegate release``: build, check, sign and publish, stopping at the first failure."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from releasegate.commands._options import Command, option
from releasegate.commands._shared_options import (
    IDENTITY_TOKEN,
    INTERACTIVE,
    NO_SIGN,
    PROJECT,
    REPOSITORY_URL,
    REQUIRE_SDIST_TESTS,
    SIMPLE_URL,
    SKIP_EXISTING,
    STAGING,
)

if TYPE_CHECKING:
    from releasegate._redact import Secret

__all__ = ["COMMAND", "Options", "run"]


@dataclass(frozen=True, slots=True)
class Options:
    """Options of ``release``."""

    project: Path = field(default=Path(), metadata=PROJECT)
    dry_run: bool = field(
        default=False,
        metadata=option("run every local step and read the index; sign and upload nothing"),
    )
    no_index: bool = field(
        default=False,
        metadata=option("with --dry-run: do not ask the index whether the version is there"),
    )
    no_sign: bool = field(default=False, metadata=NO_SIGN)
    repository_url: str | None = field(default=None, metadata=REPOSITORY_URL)
    simple_url: str | None = field(default=None, metadata=SIMPLE_URL)
    skip_existing: bool = field(default=False, metadata=SKIP_EXISTING)
    identity_token: Secret | None = field(default=None, metadata=IDENTITY_TOKEN)
    staging: bool = field(default=False, metadata=STAGING)
    interactive: bool = field(default=False, metadata=INTERACTIVE)
    require_sdist_tests: bool = field(default=False, metadata=REQUIRE_SDIST_TESTS)


def run(options: Options) -> int:
    """Run the chain."""
    from releasegate.chain import PYPI_UPLOAD_URL, release  # noqa: PLC0415 - loaded on use

    release(
        options.project,
        dry_run=options.dry_run,
        sign=not options.no_sign,
        repository_url=options.repository_url or PYPI_UPLOAD_URL,
        simple_url=options.simple_url,
        skip_existing=options.skip_existing,
        identity_token=options.identity_token,
        staging=options.staging,
        interactive=options.interactive,
        query_index=not options.no_index,
        require_sdist_tests=options.require_sdist_tests or None,
    )
    return 0


COMMAND = Command(
    name="release",
    help="build, check, sign and publish, stopping at the first failure",
    options=Options,
    run=run,
)
