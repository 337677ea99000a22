"""Read a package index's simple API (PEP 503 HTML or PEP 691 JSON) for the publish preflight.

Only reads: uploads go through twine. Requests go through :class:`releasegate._http.HttpClient`,
so network errors and 5xx answers are retried with the policy every other call uses. The simple
URL is derived from the upload URL by one rule (:func:`simple_url_for`); ``--simple-url``
overrides it for indexes that lay themselves out differently.
"""

from __future__ import annotations

import json
import posixpath
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from packaging.utils import canonicalize_name

from releasegate._http import BasicAuth, HttpClient
from releasegate._redact import redact
from releasegate.errors import PublishError

if TYPE_CHECKING:
    import httpx

    from releasegate._http import RetryPolicy
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
_NOT_FOUND = 404


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
    transport: httpx.BaseTransport | None = None,
) -> list[IndexFile]:
    """Return the files the index lists for ``project`` (empty when the index has none).

    Retries network errors and 5xx answers; raises ``PublishError`` naming the URL otherwise.
    ``transport`` is httpx's seam for tests that play the index without a server.
    """
    base = _with_slash(simple_url)
    url = f"{base}{canonicalize_name(project)}/"
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        raise PublishError(
            redact(f"{url}: not an http(s) URL; pass --simple-url with an http(s) URL")
        )
    with HttpClient(
        base,
        what="the index",
        error=PublishError,
        headers={"Accept": _ACCEPT},
        auth=BasicAuth(*auth) if auth is not None else None,
        policy=policy,
        transport=transport,
    ) as client:
        response = client.request("GET", url, operation=redact(f"index query {url}"))
    if response.status_code == _NOT_FOUND:  # the project is not on the index yet
        return []
    if not response.is_success:
        raise PublishError(
            redact(
                f"{url}: HTTP {response.status_code} {response.reason_phrase}; check the index "
                "URL and credentials"
            )
        )
    return parse_listing(response.text, response.headers.get("Content-Type", ""))


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
