"""Read a package index's simple API (PEP 503 HTML or PEP 691 JSON) for the publish preflight.

Only reads: uploads go through twine. Requests go through
:class:`releasegate.forge._http.HttpClient`, so network errors and 5xx answers are retried with the
policy every other call uses. The simple URL is derived from the upload URL by one rule
(:func:`simple_url_for`), and :func:`find_simple_url` checks that the index answers there (devpi's
is ``+simple/``); ``--simple-url`` overrides both for indexes that lay themselves out differently.

Redirects are read as an index means them (issue 15): a project page that redirects to the same
host (a name normalised, a trailing slash) is followed; one that redirects to another host is a
fallback to another index (pypiserver started with its defaults sends an unknown project to
pypi.org with ``303 See Other``), so the project is not on this index.
"""

from __future__ import annotations

import json
import posixpath
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from packaging.utils import canonicalize_name

from releasegate._redact import redact
from releasegate.errors import PublishError
from releasegate.forge._http import BasicAuth, HttpClient

if TYPE_CHECKING:
    import httpx

    from releasegate._redact import Secret
    from releasegate.forge._http import RetryPolicy

__all__ = [
    "PYPI_UPLOAD_URL",
    "TESTPYPI_UPLOAD_URL",
    "IndexFile",
    "download",
    "find_simple_url",
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
_MAX_REDIRECTS = 5
_NO_HEAD = frozenset({405, 501})  # Method Not Allowed, Not Implemented
# devpi serves an index's simple pages under <user>/<index>/+simple/, not simple/
_DEVPI_SIMPLE = "+simple/"


@dataclass(frozen=True, slots=True)
class IndexFile:
    """A file the index lists for a project: its sha256 when the index says, where to fetch it."""

    filename: str
    sha256: str | None
    url: str | None = field(default=None, compare=False)


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


def find_simple_url(
    repository_url: str,
    *,
    auth: tuple[str, Secret] | None = None,
    policy: RetryPolicy | None = None,
    transport: httpx.BaseTransport | None = None,
) -> str:
    """Return the simple-API base URL of the index that takes uploads at ``repository_url``.

    PyPI and TestPyPI have known pairs. For any other index the root of :func:`simple_url_for`'s
    URL must answer, else the devpi layout (``<upload URL>+simple/``) is tried: a project page
    under a wrong simple URL would say "not there" for every project, and a release would pass
    its preflight only to find its files missing after the upload. Raises ``PublishError`` naming
    both URLs and ``--simple-url`` when neither answers.
    """
    derived = simple_url_for(repository_url)
    if is_pypi(repository_url):
        return derived
    candidates = [derived, _with_slash(repository_url) + _DEVPI_SIMPLE]
    answers = []
    with _client(derived, auth, policy, transport) as client:
        for candidate in candidates:
            response = _get(client, candidate, method="HEAD")
            if response.status_code in _NO_HEAD:  # a server without HEAD: ask for the page
                response = _get(client, candidate)
            if response.is_success:
                return candidate
            answers.append(f"HTTP {response.status_code} at {candidate}")
    raise PublishError(
        redact(
            f"{repository_url}: no simple index found ({'; '.join(answers)}); check "
            "--repository-url (and TWINE_USERNAME/TWINE_PASSWORD if the index wants them for "
            "reading), or pass the index's simple-API URL as --simple-url"
        )
    )


def project_files(
    simple_url: str,
    project: str,
    *,
    auth: tuple[str, Secret] | None = None,
    policy: RetryPolicy | None = None,
    transport: httpx.BaseTransport | None = None,
) -> list[IndexFile]:
    """Return the files the index lists for ``project`` (empty when the index has none).

    A 404, or a redirect to another host (a fallback to another index), means the project is
    not on this index; redirects on the same host are followed. Retries network errors and 5xx
    answers; raises ``PublishError`` naming the URL otherwise. ``transport`` is httpx's seam
    for tests that play the index without a server.
    """
    base = _with_slash(simple_url)
    url = f"{base}{canonicalize_name(project)}/"
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        raise PublishError(
            redact(f"{url}: not an http(s) URL; pass --simple-url with an http(s) URL")
        )
    with _client(base, auth, policy, transport) as client:
        response = _get(client, url)
    if response.status_code == _NOT_FOUND or response.is_redirect:
        return []  # not on this index yet (see _get for the redirects that mean so)
    if not response.is_success:
        raise PublishError(
            redact(
                f"{url}: HTTP {response.status_code} {response.reason_phrase}; check the index "
                "URL and credentials"
            )
        )
    return parse_listing(
        response.text, response.headers.get("Content-Type", ""), page_url=str(response.url)
    )


def download(
    file: IndexFile,
    simple_url: str,
    *,
    auth: tuple[str, Secret] | None = None,
    policy: RetryPolicy | None = None,
    transport: httpx.BaseTransport | None = None,
) -> bytes:
    """Return the bytes of a file the index lists; raise ``PublishError`` when it cannot.

    Credentials go only to the simple index's own host (PyPI serves files from another one).
    """
    if not file.url or urllib.parse.urlsplit(file.url).scheme not in {"http", "https"}:
        raise PublishError(
            redact(f"{simple_url}: {file.filename} has no http(s) link; check --simple-url")
        )
    same_host = _host(file.url) == _host(simple_url)
    with _client(file.url, auth if same_host else None, policy, transport) as client:
        response = _get(client, file.url)
    if not response.is_success:
        raise PublishError(
            redact(
                f"{file.url}: HTTP {response.status_code} {response.reason_phrase}; check the "
                "index URL and credentials"
            )
        )
    return response.content


def _host(url: str) -> tuple[str | None, int | None]:
    parts = urllib.parse.urlsplit(url)
    return parts.hostname, parts.port


def _client(
    base: str,
    auth: tuple[str, Secret] | None,
    policy: RetryPolicy | None,
    transport: httpx.BaseTransport | None,
) -> HttpClient:
    return HttpClient(
        base,
        what="the index",
        error=PublishError,
        headers={"Accept": _ACCEPT},
        auth=BasicAuth(*auth) if auth is not None else None,
        policy=policy,
        transport=transport,
    )


def _get(client: HttpClient, url: str, *, method: str = "GET") -> httpx.Response:
    """Send ``method`` to ``url``, following redirects that stay on the same host.

    Returns the first answer that is not such a redirect: a redirect to another host (the
    caller reads it as "not here"), or any other answer. Credentials go only where they came
    from: a redirect to another host is never followed. Raises ``PublishError`` for a redirect
    from https to http and for a redirect loop.
    """
    start = urllib.parse.urlsplit(url)
    for _ in range(_MAX_REDIRECTS + 1):
        response = client.request(method, url, operation=redact(f"index query {url}"))
        location = response.headers.get("Location")
        if not response.is_redirect or not location:
            return response
        target = urllib.parse.urljoin(url, location)
        parts = urllib.parse.urlsplit(target)
        if (parts.hostname, parts.port) != (start.hostname, start.port):
            return response
        if start.scheme == "https" and parts.scheme != "https":
            raise PublishError(
                redact(f"{url}: redirects to {target}, not https; check the index's address")
            )
        url = target
    raise PublishError(
        redact(f"{start.geturl()}: more than {_MAX_REDIRECTS} redirects; check --simple-url")
    )


def parse_listing(body: str, content_type: str, page_url: str = "") -> list[IndexFile]:
    """Parse a project page of the simple API, JSON (PEP 691) or HTML (PEP 503).

    Links are made absolute against ``page_url``, the address the page came from.
    """
    if "json" in content_type:
        try:
            data = json.loads(body)
            return [
                IndexFile(
                    f["filename"],
                    (f.get("hashes") or {}).get("sha256"),
                    _link(page_url, f.get("url")),
                )
                for f in data.get("files", [])
            ]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise PublishError("simple API answered malformed JSON; check --simple-url") from None
    parser = _AnchorParser(page_url)
    parser.feed(body)
    return parser.files


def _link(page_url: str, href: object) -> str | None:
    if not isinstance(href, str) or not href:
        return None
    return urllib.parse.urljoin(page_url, href).split("#", 1)[0]


class _AnchorParser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url = page_url
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
            self.files.append(IndexFile(filename, digest, _link(self.page_url, href)))


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"
