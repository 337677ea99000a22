"""``chain._upload``: one upload through twine's API, judged by status code and exception type."""

from __future__ import annotations

import zipfile
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, ClassVar

import pytest
from tests._index_server import free_port
from tests._loopback import serving

from releasegate._redact import Secret
from releasegate.chain._upload import upload_file
from releasegate.errors import PublishError
from releasegate.forge._http import RetryableError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

PASSWORD = "upload-canary-9d2e"
METADATA = "Metadata-Version: 2.1\nName: tiny\nVersion: 1.0.0\nSummary: tiny\n"


class _Index(BaseHTTPRequestHandler):
    """Answers every upload with one scripted status, reason, headers and body."""

    answer: ClassVar[tuple[int, str, dict[str, str], str]] = (200, "OK", {}, "")
    seen: ClassVar[list[str | None]] = []

    def do_POST(self) -> None:
        """Read the upload, then answer as scripted."""
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.seen.append(self.headers.get("Authorization"))
        status, reason, headers, body = self.answer
        data = body.encode()
        self.send_response(status, reason)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_: object) -> None:
        """Stay quiet."""


@pytest.fixture
def index() -> Iterator[str]:
    """A scripted upload endpoint on 127.0.0.1 for one test; yields its URL."""
    _Index.seen = []
    with serving(_Index) as url:
        yield f"{url}/"


@pytest.fixture
def wheel(tmp_path: Path) -> Path:
    """A minimal valid wheel: just its dist-info."""
    path = tmp_path / "tiny-1.0.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("tiny-1.0.0.dist-info/METADATA", METADATA)
        zf.writestr("tiny-1.0.0.dist-info/WHEEL", "Wheel-Version: 1.0\nTag: py3-none-any\n")
        zf.writestr("tiny-1.0.0.dist-info/RECORD", "")
    return path


def _upload(index: str, wheel: Path, *, skip_existing: bool = False) -> str:
    return upload_file(
        index,
        wheel,
        username="uploader",
        password=Secret(PASSWORD),
        skip_existing=skip_existing,
    )


@pytest.mark.parametrize(
    ("answer", "skip_existing", "outcome"),
    [
        # accepted
        ((200, "OK", {}, ""), False, "uploaded"),
        # the index has the file and the caller said that is fine (pypiserver answers 409)
        ((409, "Conflict", {}, ""), True, "exists"),
        # warehouse words it as a 400
        ((400, "File already exists", {}, ""), True, "exists"),
    ],
    ids=["ok", "conflict-skipped", "already-exists-skipped"],
)
def test_upload_outcomes(
    index: str,
    wheel: Path,
    answer: tuple[int, str, dict[str, str], str],
    skip_existing: bool,
    outcome: str,
) -> None:
    """Success, and an existing file under skip_existing, come back as outcomes."""
    _Index.answer = answer
    assert _upload(index, wheel, skip_existing=skip_existing) == outcome
    assert len(_Index.seen) == 1


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        # credentials refused
        (
            (403, "Forbidden", {}, ""),
            (
                "{url}: upload of {file} refused (HTTP 403 Forbidden); check TWINE_USERNAME and "
                "TWINE_PASSWORD, or the index's trusted-publisher settings"
            ),
        ),
        # the index explains itself in the body's first line
        (
            (400, "Bad Request", {}, "Invalid classifier\nmore detail"),
            (
                "{url}: upload of {file} failed (HTTP 400 Bad Request: Invalid classifier); fix what "
                "the index says"
            ),
        ),
        # an existing file without skip_existing is a failure like any other
        (
            (409, "Conflict", {}, ""),
            "{url}: upload of {file} failed (HTTP 409 Conflict); fix what the index says",
        ),
        # a redirect is never followed with the credentials (twine's RedirectDetected)
        (
            (301, "Moved", {"Location": "https://elsewhere.example.org/legacy/"}, ""),
            (
                "{url}: upload of {file} was redirected to https://elsewhere.example.org/legacy/; "
                "pass that URL as --repository-url"
            ),
        ),
    ],
    ids=["refused", "bad-request", "conflict", "redirect"],
)
def test_upload_failures_are_one_line(
    index: str, wheel: Path, answer: tuple[int, str, dict[str, str], str], message: str
) -> None:
    """Final answers become one PublishError line naming index, file and fix; never the secret."""
    _Index.answer = answer
    with pytest.raises(PublishError) as info:
        _upload(index, wheel)
    assert str(info.value) == message.format(url=index, file=wheel.name)
    assert PASSWORD not in str(info.value)


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_transient_answers_are_retryable(index: str, wheel: Path, status: int) -> None:
    """5xx and 429 answers raise RetryableError, for the caller's retry loop; one try per call."""
    _Index.answer = (status, "Busy", {}, "")
    with pytest.raises(RetryableError, match=rf"^{index} answered HTTP {status} Busy$"):
        _upload(index, wheel)
    assert len(_Index.seen) == 1


def test_unreachable_index_is_retryable(wheel: Path) -> None:
    """A closed port raises RetryableError naming the host."""
    url = f"http://127.0.0.1:{free_port()}/"
    with pytest.raises(RetryableError, match=r"^cannot reach 127\.0\.0\.1: "):
        _upload(url, wheel)


def test_upload_prints_nothing(index: str, wheel: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Twine's human output (rich progress, log warnings) stays out of stdout and stderr."""
    _Index.answer = (503, "Busy", {}, "")
    with pytest.raises(RetryableError):
        _upload(index, wheel)
    assert capsys.readouterr() == ("", "")


def test_unreadable_distribution(index: str, tmp_path: Path) -> None:
    """A file twine cannot read is one PublishError naming it, before anything is sent."""
    broken = tmp_path / "tiny-1.0.0-py3-none-any.whl"
    broken.write_bytes(b"not a zip")
    with pytest.raises(
        PublishError, match=rf"^{index}: upload of {broken.name} failed \(.*\); rebuild it$"
    ):
        _upload(index, broken)
    assert _Index.seen == []
