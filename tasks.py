"""Release tasks, thin by design: ``invoke build check sign publish``, or ``invoke release``.

Every task calls one function in ``releasegate.chain`` and turns its error into one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from invoke.exceptions import Exit
from invoke.tasks import task

from releasegate import chain
from releasegate._redact import Secret, redact
from releasegate.chain.publish import PYPI_UPLOAD_URL
from releasegate.errors import ReleasegateError

if TYPE_CHECKING:
    from collections.abc import Callable

    from invoke.context import Context


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


@task(
    help={
        "identity_token": "OIDC identity token (else SIGSTORE_IDENTITY_TOKEN or the CI's own).",
        "staging": "Use Sigstore's staging instance.",
        "interactive": "Without a token, sign in through sigstore's browser flow.",
    }
)
def sign(
    c: Context, identity_token: str = "", staging: bool = False, interactive: bool = False
) -> None:
    """Sigstore-sign dist/ (bundles and PEP 740 attestations) and verify every bundle."""
    token = Secret(identity_token) if identity_token else None
    _call(chain.sign, identity_token=token, staging=staging, interactive=interactive)


@task(
    help={
        "repository_url": "Upload URL (default: PyPI's).",
        "simple_url": "Simple-API URL of the index, if the default rule gets it wrong.",
        "skip_existing": "Skip files the index already has with the same sha256.",
        "no_sign": "Upload without Sigstore bundles.",
    }
)
def publish(
    c: Context,
    repository_url: str = PYPI_UPLOAD_URL,
    simple_url: str = "",
    skip_existing: bool = False,
    no_sign: bool = False,
) -> None:
    """Preflight, then upload dist/ with twine (trusted publishing in GitHub Actions)."""
    _call(
        chain.publish,
        repository_url=repository_url,
        simple_url=simple_url or None,
        skip_existing=skip_existing,
        require_signatures=not no_sign,
    )


@task(
    help={
        "dry_run": "Run every local step; upload nothing and print what would be uploaded.",
        "no_sign": "Do not sign; publish without Sigstore bundles.",
        "repository_url": "Upload URL (default: PyPI's).",
        "simple_url": "Simple-API URL of the index, if the default rule gets it wrong.",
        "skip_existing": "Finish a partial upload: skip files the index already has.",
        "identity_token": "OIDC identity token for signing.",
        "staging": "Use Sigstore's staging instance.",
    }
)
def release(  # noqa: PLR0917 - invoke turns each parameter into a flag
    c: Context,
    dry_run: bool = False,
    no_sign: bool = False,
    repository_url: str = PYPI_UPLOAD_URL,
    simple_url: str = "",
    skip_existing: bool = False,
    identity_token: str = "",
    staging: bool = False,
) -> None:
    """Build, check, sign and publish dist/, stopping at the first failure."""
    _call(
        chain.release,
        dry_run=dry_run,
        sign=not no_sign,
        repository_url=repository_url,
        simple_url=simple_url or None,
        skip_existing=skip_existing,
        identity_token=Secret(identity_token) if identity_token else None,
        staging=staging,
    )
