"""The HTTP layer against a real local server: retries, pagination, auth, one-line failures."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, ClassVar

import pytest
from tests._loopback import serving

from releasegate._redact import Secret
from releasegate.errors import GitHubError
from releasegate.forge._http import HttpClient, RetryPolicy, TokenAuth

if TYPE_CHECKING:
    from collections.abc import Iterator

FAST = RetryPolicy(attempts=3, wait_initial=0.01, wait_max=0.02)


class _Handler(BaseHTTPRequestHandler):
    """Answers from a script: a list of (status, body) per path, the last one repeating."""

    script: ClassVar[dict[str, list[tuple[int, object]]]] = {}
    seen: ClassVar[list[tuple[str, str | None]]] = []

    def do_GET(self) -> None:
        self.seen.append((self.path, self.headers.get("Authorization")))
        path = self.path.split("?")[0]
        answers = self.script.get(path, [(404, {"message": "Not Found"})])
        status, body = answers.pop(0) if len(answers) > 1 else answers[0]
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if path == "/items" and "&page=2" not in self.path and "?page=2" not in self.path:
            self.send_header("Link", f'<http://{self.headers["Host"]}/items?page=2>; rel="next"')
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """A local HTTP server on 127.0.0.1 for one test."""
    _Handler.script = {}
    _Handler.seen = []
    with serving(_Handler) as url:
        yield url


def test_retries_5xx_then_succeeds(server: str, capsys: pytest.CaptureFixture[str]):
    """A 502 then a 200: the caller gets the 200 and stderr names the retry."""
    _Handler.script["/x"] = [(502, {}), (200, {"ok": True})]
    with HttpClient(server, what="test API", error=GitHubError, policy=FAST) as client:
        response = client.request("GET", "/x", operation="read x")
    assert response.json() == {"ok": True}
    assert "read x: test API answered HTTP 502; retry 1 of 2" in capsys.readouterr().err


def test_gives_up_with_one_line(server: str):
    """Every attempt answering 503 ends in the caller's error type naming the operation."""
    _Handler.script["/x"] = [(503, {})]
    with (
        HttpClient(server, what="test API", error=GitHubError, policy=FAST) as client,
        pytest.raises(GitHubError, match=r"^read x: test API answered HTTP 503 \(after 3"),
    ):
        client.request("GET", "/x", operation="read x")


def test_unreachable_server_is_one_line():
    """A closed port is retried and then reported with the host, not a traceback."""
    with (
        HttpClient("http://127.0.0.1:9", what="test API", error=GitHubError, policy=FAST) as c,
        pytest.raises(GitHubError, match=r"cannot reach 127\.0\.0\.1"),
    ):
        c.request("GET", "/x", operation="read x")


def test_paginates_through_link_headers(server: str):
    """Items of every page, following rel=next."""
    _Handler.script["/items"] = [(200, [1, 2]), (200, [3])]
    with HttpClient(server, what="test API", error=GitHubError, policy=FAST) as client:
        assert list(client.paginate("/items", operation="list", params={"per_page": 2})) == [
            1,
            2,
            3,
        ]
    assert [p for p, _ in _Handler.seen] == ["/items?per_page=2", "/items?page=2"]


def test_token_is_sent_but_never_shown(server: str):
    """The Secret reaches the Authorization header; errors never contain it."""
    token = Secret("canary-http-token-1234")
    _Handler.script["/x"] = [(500, {"message": "canary-http-token-1234"})]
    with (
        HttpClient(
            server, what="test API", error=GitHubError, auth=TokenAuth(token), policy=FAST
        ) as client,
        pytest.raises(GitHubError) as info,
    ):
        client.request("GET", "/x", operation="read x")
    assert _Handler.seen[0][1] == "Bearer canary-http-token-1234"
    assert "canary-http-token-1234" not in str(info.value)
