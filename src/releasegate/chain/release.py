"""``release``: build → check → sign → publish, stopping at the first failure.

``dry_run`` runs every step that stays on the machine (build, check), reads the index as the
real run's preflight does, and prints exactly what would be uploaded where. A version already on
the index stops the dry run with the real run's line (exit 1); with ``skip_existing`` the plan
names the files that would be skipped. ``query_index=False`` (``--no-index``) plans without that
read, for a machine that cannot reach the index. A dry run never signs: signing sends the digest
to Fulcio and writes a public Rekor entry, so it only says which identity it would sign with, or
that none is available; and it writes nothing anywhere but ``dist/``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from releasegate.chain.build import build
from releasegate.chain.check import check
from releasegate.chain.publish import (
    PYPI_UPLOAD_URL,
    PublishResult,
    preflight,
    publish,
    render_plan,
)
from releasegate.chain.sign import find_identity
from releasegate.chain.sign import sign as sign_dist
from releasegate.errors import ConfigError, ReleasegateError, UsageError

if TYPE_CHECKING:
    from collections.abc import Callable

    from releasegate._redact import Secret

__all__ = ["ReleaseResult", "release"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ReleaseResult:
    """What the chain did: the built files, whether they were signed, what was uploaded."""

    files: tuple[Path, ...]
    signed: bool
    published: PublishResult | None


def release(
    project: Path | str = ".",
    *,
    dist: str = "dist",
    dry_run: bool = False,
    sign: bool = True,
    repository_url: str = PYPI_UPLOAD_URL,
    simple_url: str | None = None,
    skip_existing: bool = False,
    identity_token: Secret | str | None = None,
    staging: bool = False,
    interactive: bool = False,
    package: str | None = None,
    query_index: bool = True,
    require_sdist_tests: bool | None = None,
) -> ReleaseResult:
    """Run the whole chain; raise the first step's error, prefixed with the step's name.

    The build is of the commit at ``HEAD``, never of uncommitted files (see ``chain.build``).
    ``sign=False`` is the explicit ``--no-sign``: nothing is signed and publish does not ask
    for bundles. ``package`` is the uv workspace member ``project`` holds (``uv build
    --package``). ``require_sdist_tests`` is ``check``'s option (``None``: the project's
    ``[tool.releasegate]`` decides). ``query_index=False`` is only for a dry run.
    """
    if not query_index and not dry_run:
        raise UsageError("--no-index: only with --dry-run; a real upload first asks the index")
    root = Path(project).resolve()
    built = _step("build", lambda: build(root, dist=dist, package=package))
    _step("check", lambda: check(root, dist=dist, require_sdist_tests=require_sdist_tests))
    signed = False
    if sign and dry_run:
        identity = find_identity(identity_token)
        who = f"would sign as {identity.identity}" if identity else "no Sigstore identity here"
        sys.stderr.write(f"note: dry run skips signing ({who})\n")
    elif sign:
        _step(
            "sign",
            lambda: sign_dist(
                root,
                dist=dist,
                identity_token=identity_token,
                staging=staging,
                interactive=interactive,
            ),
        )
        signed = True
    if dry_run:
        plan = _step(
            "publish",
            lambda: preflight(
                root,
                dist=dist,
                repository_url=repository_url,
                simple_url=simple_url,
                skip_existing=skip_existing,
                require_signatures=signed,
                query_index=query_index,
                dry_run=True,
            ),
        )
        sys.stderr.writelines(f"note: {note}\n" for note in plan.notes)
        sys.stdout.write(render_plan(plan, root))
        sys.stdout.write("dry run: nothing was uploaded\n")
        return ReleaseResult(built.files, signed, None)
    published = _step(
        "publish",
        lambda: publish(
            root,
            dist=dist,
            repository_url=repository_url,
            simple_url=simple_url,
            skip_existing=skip_existing,
            require_signatures=sign,
        ),
    )
    return ReleaseResult(built.files, signed, published)


def _step(name: str, run: Callable[[], T]) -> T:
    try:
        return run()
    except ConfigError:
        raise
    except ReleasegateError as exc:
        raise type(exc)(f"release stopped at {name}: {exc}") from None
