"""``chain._index``: the simple-URL rule and the simple API's two page formats."""

from __future__ import annotations

import json

import pytest

from releasegate.chain._index import IndexFile, is_pypi, parse_listing, simple_url_for
from releasegate.errors import PublishError


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
