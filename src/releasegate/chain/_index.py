"""Read a package index's simple API (PEP 503 HTML or PEP 691 JSON) for the publish preflight.

Only reads: uploads go through twine. The simple URL is derived from the upload URL by one rule
(:func:`simple_url_for`); ``--simple-url`` overrides it for indexes that lay themselves out
differently.
"""

from __future__ import annotations

import base64
import json
import posixpath
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from packaging.utils import canonicalize_name

from releasegate._redact import redact
from releasegate.chain._retry import RetryPolicy, TransientError, with_retries
from releasegate.errors import PublishError

if TYPE_CHECKING:
    from releasegate._redact import Secret

__all__ = [
    "PYPI_UPLOAD_URL",
    "TESTPYPI_UPLOAD_URL",
    "IndexFile",
    "is_pypi",
    "project_files",
    "simple_url_for",
]

PYPI_UPLOAD_URL = "https://upload.pypi.org/legacy/"
TESTPYPI_UPLOAD_URL = "https://test.pypi.org/legacy/"
_KNOWN_SIMPLE = {
    PYPI_UPLOAD_URL: "https://pypi.org/simple/",
    TESTPYPI_UPLOAD_URL: "https://test.pypi.org/simple/",
}
_ACCEPT = "application/vnd.pypi.simple.v1+json, text/html;q=0.1"
_TIMEOUT = 30.0
_HTTP_SERVER_ERROR = 500


@dataclass(frozen=True, slots=True)
class IndexFile:
    """A file the index lists for a project, with its sha256 when the index publishes one."""

    filename: str
    sha256: str | None


def is_pypi(repository_url: str) -> bool:
    """Return True for PyPI and TestPyPI: the indexes with trusted publishing and PEP 740."""
    return _with_slash(repository_url) in _KNOWN_SIMPLE


def simple_url_for(repository_url: str) -> str:
    """Return the simple-API base URL that belongs to an upload URL.

    The rule: PyPI's and TestPyPI's upload URLs map to their ``/simple/``; any other URL loses a
    trailing ``legacy/`` segment and gains ``simple/`` (pypiserver, devpi, Artifactory layouts).

    >>> simple_url_for("https://upload.pypi.org/legacy/")
    'https://pypi.org/simple/'
    >>> simple_url_for("http://127.0.0.1:8080")
    'http://127.0.0.1:8080/simple/'
    """
    url = _with_slash(repository_url)
    if url in _KNOWN_SIMPLE:
        return _KNOWN_SIMPLE[url]
    parts = urllib.parse.urlsplit(url)
    path = parts.path
    if path.endswith("/legacy/"):
        path = path[: -len("legacy/")]
    return urllib.parse.urlunsplit(parts._replace(path=path + "simple/"))


def project_files(
    simple_url: str,
    project: str,
    *,
    auth: tuple[str, Secret] | None = None,
    policy: RetryPolicy | None = None,
) -> list[IndexFile]:
    """Return the files the index lists for ``project`` (empty when the index has none).

    Retries network errors and 5xx answers; raises ``PublishError`` naming the URL otherwise.
    """
    url = f"{_with_slash(simple_url)}{canonicalize_name(project)}/"
    request = urllib.request.Request(url, headers={"Accept": _ACCEPT})  # noqa: S310 - http(s) only, checked below
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        raise PublishError(f"{url}: not an http(s) URL; pass --simple-url with an http(s) URL")
    if auth is not None:
        pair = f"{auth[0]}:{auth[1].reveal()}".encode()
        request.add_header("Authorization", "Basic " + base64.b64encode(pair).decode())

    def fetch() -> list[IndexFile] | None:
        try:
            with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:  # noqa: S310 - scheme checked above
                body = response.read().decode("utf-8", "replace")
                content_type = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            if exc.code == 404:  # noqa: PLR2004 - the project is not on the index yet
                return None
            if exc.code >= _HTTP_SERVER_ERROR:
                raise TransientError(f"{url}: HTTP {exc.code} {exc.reason}") from None
            raise PublishError(
                redact(f"{url}: HTTP {exc.code} {exc.reason}; check the index URL and credentials")
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise TransientError(f"{url}: {reason}") from None
        return parse_listing(body, content_type)

    try:
        found = with_retries(fetch, policy or RetryPolicy.from_env(), "index query")
    except TransientError as exc:
        raise PublishError(
            redact(f"{exc}; the index is unreachable, check --repository-url and re-run")
        ) from None
    return found or []


def parse_listing(body: str, content_type: str) -> list[IndexFile]:
    """Parse a project page of the simple API, JSON (PEP 691) or HTML (PEP 503)."""
    if "json" in content_type:
        try:
            data = json.loads(body)
            return [
                IndexFile(f["filename"], (f.get("hashes") or {}).get("sha256"))
                for f in data.get("files", [])
            ]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise PublishError("simple API answered malformed JSON; check --simple-url") from None
    parser = _AnchorParser()
    parser.feed(body)
    return parser.files


class _AnchorParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.files: list[IndexFile] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag != "a" or not href:
            return
        parts = urllib.parse.urlsplit(href)
        filename = urllib.parse.unquote(posixpath.basename(parts.path))
        fragment = urllib.parse.parse_qs(parts.fragment)
        digest = fragment.get("sha256", [None])[0]
        if filename:
            self.files.append(IndexFile(filename, digest))


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"
