"""``releasegate sign``: Sigstore bundles and PEP 740 attestations, each verified."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from releasegate.commands._options import Command
from releasegate.commands._shared_options import IDENTITY_TOKEN, INTERACTIVE, PROJECT, STAGING

if TYPE_CHECKING:
    from releasegate._redact import Secret

__all__ = ["COMMAND", "Options", "run"]


@dataclass(frozen=True, slots=True)
class Options:
    """Options of ``sign``."""

    project: Path = field(default=Path(), metadata=PROJECT)
    identity_token: Secret | None = field(default=None, metadata=IDENTITY_TOKEN)
    staging: bool = field(default=False, metadata=STAGING)
    interactive: bool = field(default=False, metadata=INTERACTIVE)


def run(options: Options) -> int:
    """Sign the distributions."""
    from releasegate.chain import sign  # noqa: PLC0415 - the chain loads only when used

    sign(
        options.project,
        identity_token=options.identity_token,
        staging=options.staging,
        interactive=options.interactive,
    )
    return 0


COMMAND = Command(
    name="sign",
    help="Sigstore-sign dist/ (bundles, PEP 740 attestations) and verify every bundle",
    options=Options,
    run=run,
)
