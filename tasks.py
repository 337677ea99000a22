"""Release tasks: ``invoke build check`` (and later sign, publish, release). Thin by design.

Every task calls one function in ``releasegate.chain`` and turns its error into one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from invoke import Context, Exit, task

from releasegate import chain
from releasegate._redact import redact
from releasegate.errors import ReleasegateError

if TYPE_CHECKING:
    from collections.abc import Callable


def _call(step: Callable[..., object], **options: object) -> None:
    try:
        step(**options)
    except ReleasegateError as exc:
        raise Exit(f"releasegate: error: {redact(str(exc))}", code=exc.exit_code) from None


@task
def build(c: Context) -> None:
    """Build a reproducible sdist and wheel into a clean dist/."""
    _call(chain.build)


@task
def check(c: Context) -> None:
    """Verify dist/: twine check --strict, check-wheel-contents, sizes and sha256."""
    _call(chain.check)
