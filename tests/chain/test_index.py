"""``chain._index``: the simple-URL rule, the simple API's two page formats, the queries."""

from __future__ import annotations

import base64
import json
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, ClassVar

import httpx
import pytest
from tests._index_server import free_port
from tests._loopback import serving

from releasegate._redact import Secret
from releasegate.chain._index import (
    PYPI_UPLOAD_URL,
    IndexFile,
    find_simple_url,
    is_pypi,
    parse_listing,
    project_files,
    simple_url_for,
)
from releasegate.errors import PublishError
from releasegate.forge._http import RetryPolicy

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.mark.parametrize(
    ("upload", "simple"),
    [
        # PyPI and TestPyPI: their documented pairs
        ("https://upload.pypi.org/legacy/", "https://pypi.org/simple/"),
        ("https://upload.pypi.org/legacy", "https://pypi.org/simple/"),
        ("https://test.pypi.org/legacy/", "https://test.pypi.org/simple/"),
        # pypiserver takes uploads at its root
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/simple/"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/simple/"),
        # a warehouse-style private index: legacy/ becomes simple/
        ("https://pkgs.example.org/legacy/", "https://pkgs.example.org/simple/"),
        # devpi: user/index/ + simple/
        ("https://devpi.example.org/alice/dev/", "https://devpi.example.org/alice/dev/simple/"),
    ],
)
def test_simple_url_for(upload: str, simple: str) -> None:
    """The simple URL follows from the upload URL by one documented rule."""
    assert simple_url_for(upload) == simple


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://upload.pypi.org/legacy/", True),
        ("https://test.pypi.org/legacy/", True),
        ("http://127.0.0.1:8080/", False),
    ],
)
def test_is_pypi(url: str, expected: bool) -> None:
    """Only PyPI and TestPyPI count as PyPI (attestations, trusted publishing)."""
    assert is_pypi(url) is expected


DIGEST = "ab" * 32


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        # PEP 503 HTML, as pypiserver serves it: relative links with a sha256 fragment
        (
            (
                f'<html><body><a href="../../packages/tiny-1.0.0.tar.gz#sha256={DIGEST}">'
                "tiny-1.0.0.tar.gz</a><br></body></html>"
            ),
            "text/html",
            [IndexFile("tiny-1.0.0.tar.gz", DIGEST)],
        ),
        # HTML without a hash: the file is still listed
        (
            '<a href="https://files.example.org/tiny-1.0.0-py3-none-any.whl">x</a>',
            "text/html; charset=utf-8",
            [IndexFile("tiny-1.0.0-py3-none-any.whl", None)],
        ),
        # PEP 691 JSON, as PyPI serves it
        (
            json.dumps(
                {
                    "meta": {"api-version": "1.1"},
                    "name": "tiny",
                    "files": [
                        {"filename": "tiny-1.0.0.tar.gz", "hashes": {"sha256": DIGEST}, "url": "x"},
                        {"filename": "tiny-1.0.0-py3-none-any.whl", "hashes": {}, "url": "y"},
                    ],
                }
            ),
            "application/vnd.pypi.simple.v1+json",
            [
                IndexFile("tiny-1.0.0.tar.gz", DIGEST),
                IndexFile("tiny-1.0.0-py3-none-any.whl", None),
            ],
        ),
        # an empty project page
        ("<html><body></body></html>", "text/html", []),
    ],
    ids=["html", "html-no-hash", "json", "empty"],
)
def test_parse_listing(body: str, content_type: str, expected: list[IndexFile]) -> None:
    """Both simple-API formats give the same list of files and digests."""
    assert parse_listing(body, content_type) == expected


def test_parse_listing_rejects_malformed_json() -> None:
    """JSON that is not a simple-API page is a one-line PublishError."""
    with pytest.raises(
        PublishError, match=r"^simple API answered malformed JSON; check --simple-url$"
    ):
        parse_listing("{not json", "application/vnd.pypi.simple.v1+json")


# project_files against a scripted local index: the behaviours chain/_retry.py used to pin

FAST = RetryPolicy(attempts=3, wait_initial=0.0, wait_max=0.0)
PAGE = json.dumps({"files": [{"filename": "tiny-1.0.0.tar.gz", "hashes": {"sha256": DIGEST}}]})


class _Index(BaseHTTPRequestHandler):
    """Answers GETs from a script of (status, body), the last one repeating; records each call."""

    script: ClassVar[list[tuple[int, str]]] = []
    seen: ClassVar[list[str | None]] = []

    def do_GET(self) -> None:
        """Answer the next scripted status and body."""
        self.seen.append(self.headers.get("Authorization"))
        status, body = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/vnd.pypi.simple.v1+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_: object) -> None:
        """Stay quiet."""


@pytest.fixture
def simple() -> Iterator[str]:
    """A scripted simple index on 127.0.0.1 for one test; yields its simple URL."""
    _Index.script = []
    _Index.seen = []
    with serving(_Index) as url:
        yield f"{url}/simple/"


@pytest.mark.parametrize(
    ("script", "expected", "calls"),
    [
        # a listing at once
        ([(200, PAGE)], [IndexFile("tiny-1.0.0.tar.gz", DIGEST)], 1),
        # 5xx answers are retried, each retry announced in one line
        ([(503, ""), (502, ""), (200, PAGE)], [IndexFile("tiny-1.0.0.tar.gz", DIGEST)], 3),
        # the project is not on the index yet: nothing listed, no retry
        ([(404, "")], [], 1),
    ],
    ids=["ok", "retried", "not-found"],
)
def test_project_files(
    simple: str,
    capsys: pytest.CaptureFixture[str],
    script: list[tuple[int, str]],
    expected: list[IndexFile],
    calls: int,
) -> None:
    """The listing comes back after transient failures; a 404 is an empty listing."""
    _Index.script = script
    assert project_files(simple, "Tiny", policy=FAST) == expected
    assert len(_Index.seen) == calls
    err = capsys.readouterr().err.splitlines()
    assert len(err) == calls - 1  # one line per retry
    assert all(f"index query {simple}tiny/: the index answered HTTP 50" in ln for ln in err)


@pytest.mark.parametrize(
    ("status", "message", "calls"),
    [
        # every attempt failed: give up after the bound, in one line
        (
            503,
            "index query {url}: the index answered HTTP 503 (after 3 attempts); check that the index is reachable, then re-run",
            3,
        ),
        # a refusal is not retried
        (401, "{url}: HTTP 401 Unauthorized; check the index URL and credentials", 1),
    ],
    ids=["gives-up", "refused"],
)
def test_project_files_fails_in_one_line(
    simple: str, status: int, message: str, calls: int
) -> None:
    """Failures end in one PublishError naming the URL; only transient ones are retried."""
    _Index.script = [(status, "")]
    with pytest.raises(PublishError) as info:
        project_files(simple, "tiny", policy=FAST)
    assert str(info.value) == message.format(url=f"{simple}tiny/")
    assert len(_Index.seen) == calls


def test_project_files_sends_basic_auth_and_never_shows_it(simple: str) -> None:
    """Credentials go out as basic auth; the password appears in no error text."""
    _Index.script = [(403, "")]
    with pytest.raises(PublishError) as info:
        project_files(simple, "tiny", auth=("uploader", Secret("index-canary-3b1f")), policy=FAST)
    expected = "Basic " + base64.b64encode(b"uploader:index-canary-3b1f").decode()
    assert _Index.seen == [expected]
    assert "index-canary-3b1f" not in str(info.value)


def test_project_files_unreachable() -> None:
    """A closed port is retried, then one PublishError naming the host."""
    url = f"http://127.0.0.1:{free_port()}/simple/"
    with pytest.raises(PublishError) as info:
        project_files(url, "tiny", policy=FAST)
    assert str(info.value).startswith(f"index query {url}tiny/: cannot reach 127.0.0.1: ")
    assert str(info.value).endswith(
        "(after 3 attempts); check that the index is reachable, then re-run"
    )


def test_project_files_refuses_other_schemes() -> None:
    """Only http(s) simple URLs are queried."""
    with pytest.raises(PublishError, match=r"^file:///tmp/simple/tiny/: not an http\(s\) URL; "):
        project_files("file:///tmp/simple", "tiny")


# redirects and the simple URL, played by httpx's MockTransport (issue 15)


def _routes(
    table: dict[str, tuple[int, dict[str, str], str]], seen: list[str]
) -> httpx.MockTransport:
    """A transport answering each URL from ``table`` (404 otherwise); records every request."""

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url}")
        status, headers, body = table.get(str(request.url), (404, {}, ""))
        return httpx.Response(status, headers=headers, text=body)

    return httpx.MockTransport(answer)


JSON_PAGE = {"Content-Type": "application/vnd.pypi.simple.v1+json"}
TINY = [IndexFile("tiny-1.0.0.tar.gz", DIGEST)]


@pytest.mark.parametrize(
    ("table", "expected", "requests"),
    [
        # pypiserver's default fallback: an unknown project goes to pypi.org; not here, not followed
        (
            {
                "http://ix.test/simple/tiny/": (
                    303,
                    {"Location": "https://pypi.org/simple/tiny/"},
                    "",
                )
            },
            [],
            ["GET http://ix.test/simple/tiny/"],
        ),
        # a redirect on the same host (devpi normalising a name, a slash) is followed
        (
            {
                "http://ix.test/simple/tiny/": (302, {"Location": "/pkgs/tiny/"}, ""),
                "http://ix.test/pkgs/tiny/": (200, JSON_PAGE, PAGE),
            },
            TINY,
            ["GET http://ix.test/simple/tiny/", "GET http://ix.test/pkgs/tiny/"],
        ),
        # the same host on another port is another server: not followed
        (
            {
                "http://ix.test/simple/tiny/": (
                    307,
                    {"Location": "http://ix.test:8081/simple/tiny/"},
                    "",
                )
            },
            [],
            ["GET http://ix.test/simple/tiny/"],
        ),
    ],
    ids=["other-host", "same-host", "other-port"],
)
def test_project_files_reads_redirects(
    table: dict[str, tuple[int, dict[str, str], str]],
    expected: list[IndexFile],
    requests: list[str],
) -> None:
    """A redirect to another server means "not on this index"; one on the same host is followed."""
    seen: list[str] = []
    transport = _routes(table, seen)
    assert (
        project_files("http://ix.test/simple/", "tiny", policy=FAST, transport=transport)
        == expected
    )
    assert seen == requests


@pytest.mark.parametrize(
    ("table", "message"),
    [
        # credentials never leave https for http
        (
            {
                "https://ix.test/simple/tiny/": (
                    301,
                    {"Location": "http://ix.test/simple/tiny/"},
                    "",
                )
            },
            (
                "https://ix.test/simple/tiny/: redirects to http://ix.test/simple/tiny/, not https; "
                "check the index's address"
            ),
        ),
        # a loop ends
        (
            {"https://ix.test/simple/tiny/": (302, {"Location": "/simple/tiny/"}, "")},
            "https://ix.test/simple/tiny/: more than 5 redirects; check --simple-url",
        ),
    ],
    ids=["downgrade", "loop"],
)
def test_project_files_refuses_bad_redirects(
    table: dict[str, tuple[int, dict[str, str], str]], message: str
) -> None:
    """A downgrade to http or a redirect loop is one PublishError line."""
    transport = _routes(table, [])
    with pytest.raises(PublishError) as info:
        project_files("https://ix.test/simple/", "tiny", policy=FAST, transport=transport)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("upload", "table", "expected"),
    [
        # pypiserver, warehouse-like indexes: the rule's URL answers
        ("http://ix.test/", {"http://ix.test/simple/": (200, {}, "")}, "http://ix.test/simple/"),
        # devpi: simple/ is not there, +simple/ is
        (
            "http://ix.test/alice/dev/",
            {"http://ix.test/alice/dev/+simple/": (200, {}, "")},
            "http://ix.test/alice/dev/+simple/",
        ),
        # the root redirects on the same host: followed
        (
            "http://ix.test/",
            {
                "http://ix.test/simple/": (301, {"Location": "/simple/index/"}, ""),
                "http://ix.test/simple/index/": (200, {}, ""),
            },
            "http://ix.test/simple/",
        ),
    ],
    ids=["rule", "devpi", "redirected"],
)
def test_find_simple_url(
    upload: str, table: dict[str, tuple[int, dict[str, str], str]], expected: str
) -> None:
    """The simple URL is the rule's when it answers, else devpi's +simple/."""
    assert find_simple_url(upload, policy=FAST, transport=_routes(table, [])) == expected


def test_find_simple_url_without_head() -> None:
    """A server that does not implement HEAD is asked with GET."""
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.method)
        return httpx.Response(501 if request.method == "HEAD" else 200)

    found = find_simple_url("http://ix.test/", policy=FAST, transport=httpx.MockTransport(answer))
    assert found == "http://ix.test/simple/"
    assert seen == ["HEAD", "GET"]


def test_find_simple_url_names_both_places() -> None:
    """No simple index at either place is one line naming both and --simple-url."""
    with pytest.raises(PublishError) as info:
        find_simple_url("http://ix.test/x/", policy=FAST, transport=_routes({}, []))
    assert str(info.value) == (
        "http://ix.test/x/: no simple index found (HTTP 404 at http://ix.test/x/simple/; HTTP 404 "
        "at http://ix.test/x/+simple/); check --repository-url (and TWINE_USERNAME/TWINE_PASSWORD "
        "if the index wants them for reading), or pass the index's simple-API URL as --simple-url"
    )


def test_find_simple_url_knows_pypi() -> None:
    """PyPI's and TestPyPI's simple URLs are known: nothing is asked."""
    seen: list[str] = []
    assert (
        find_simple_url(PYPI_UPLOAD_URL, transport=_routes({}, seen)) == "https://pypi.org/simple/"
    )
    assert seen == []
