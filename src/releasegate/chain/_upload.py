"""One file to one index through twine's Python API, with failures as data, not words.

twine runs in-process: ``twine.settings.Settings`` resolves the credentials (including PyPI's
trusted publishing in GitHub Actions, where it trades the job's OIDC token for an upload token)
and ``Repository.upload`` sends the file. The answer is judged by its status code and network
failures by their exception type, so nothing depends on how twine words or wraps its output
(issue 11). Transient failures raise :class:`releasegate.forge._http.RetryableError`; the caller
retries them.
"""

from __future__ import annotations

import contextlib
import io
import logging
import tarfile
import zipfile
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from releasegate._redact import redact
from releasegate.chain._tools import missing_tool
from releasegate.errors import PublishError
from releasegate.forge._http import RetryableError

if TYPE_CHECKING:
    from pathlib import Path

    from releasegate._redact import Secret

__all__ = ["Outcome", "upload_file"]

Outcome = Literal["uploaded", "exists"]

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REFUSED = frozenset({401, 403})
_REFUSED_FIX = "check TWINE_USERNAME and TWINE_PASSWORD, or the index's trusted-publisher settings"

# twine logs progress and per-attempt warnings for people at a terminal; releasegate says what
# happened itself, in one line. A NullHandler keeps Python's last-resort handler from printing
# twine's warnings to stderr; an application that configures logging still receives them.
logging.getLogger("twine").addHandler(logging.NullHandler())


def upload_file(
    repository_url: str,
    dist: Path,
    *,
    username: str | None,
    password: Secret | None,
    attestation: Path | None = None,
    skip_existing: bool = False,
) -> Outcome:
    """Upload ``dist`` (with its PEP 740 ``attestation``, if given) to ``repository_url``.

    Returns ``"exists"`` when ``skip_existing`` and the index says it has the file already.
    Raises ``RetryableError`` for network errors and 5xx/429 answers, ``PublishError`` for
    anything else, in one line naming the index and the file.
    """
    try:
        import requests  # noqa: PLC0415 - twine's HTTP library, imported with twine on use
        from twine.commands.upload import skip_upload  # noqa: PLC0415
        from twine.exceptions import TwineException  # noqa: PLC0415
        from twine.package import PackageFile  # noqa: PLC0415
        from twine.settings import Settings  # noqa: PLC0415
    except ImportError as exc:
        raise missing_tool("twine", exc, PublishError) from None
    index = redact(repository_url)
    where = f"{index}: upload of {dist.name}"
    settings = Settings(
        repository_url=repository_url,
        username=username,
        password=password.reveal() if password is not None else None,
        non_interactive=True,
        disable_progress_bar=True,
        attestations=attestation is not None,
    )
    try:
        package = PackageFile.from_filename(str(dist), comment=None)
        if attestation is not None:
            package.add_attestations([str(attestation)])
    except (TwineException, zipfile.BadZipFile, tarfile.TarError, OSError) as exc:
        raise PublishError(redact(f"{where} failed ({_first_line(exc)}); rebuild it")) from None
    # twine prints "Uploading <file>" with rich; stdout is releasegate's, for results only.
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            repository = settings.create_repository()
            try:
                # One try per call: the caller's retry loop asks the index in between.
                response = repository.upload(package, max_redirects=1)
            finally:
                repository.close()
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise RetryableError(
                f"cannot reach {_host(repository_url)}: {_first_line(exc)}"
            ) from None
        except requests.HTTPError as exc:  # raised while minting a trusted-publishing token
            status = exc.response.status_code if exc.response is not None else "?"
            raise PublishError(
                redact(f"{where} failed (trusted publishing: HTTP {status}); {_REFUSED_FIX}")
            ) from None
        except (TwineException, requests.RequestException) as exc:
            raise PublishError(redact(f"{where} failed ({_first_line(exc)})")) from None
    status = response.status_code
    said = f"HTTP {status} {response.reason}".strip()
    if response.is_redirect:
        location = redact(response.headers.get("Location", "?"))
        raise PublishError(
            f"{where} was redirected to {location}; pass that URL as --repository-url"
        )
    if skip_upload(response, skip_existing, package):
        return "exists"
    if status in _RETRY_STATUSES:
        raise RetryableError(f"{index} answered {said}")
    if status in _REFUSED:
        raise PublishError(redact(f"{where} refused ({said}); {_REFUSED_FIX}"))
    if not response.ok:
        detail = _first_line(response.text) if response.text.strip() else ""
        tail = f": {detail}" if detail and detail not in said else ""
        raise PublishError(redact(f"{where} failed ({said}{tail}); fix what the index says"))
    return "uploaded"


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _first_line(value: object) -> str:
    lines = [ln.strip() for ln in str(value).splitlines() if ln.strip()]
    return lines[0] if lines else type(value).__name__
