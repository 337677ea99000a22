"""A loopback HTTP host that refuses every git request and records the credentials sent."""

from __future__ import annotations

import contextlib
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING

from tests._loopback import serving

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["refusing_git_host"]


@contextlib.contextmanager
def refusing_git_host() -> Iterator[tuple[str, list[str]]]:
    """Serve on 127.0.0.1 until the block ends; yield a repository URL and the headers seen.

    Every request is answered 403 after its ``Authorization`` header (or "") is appended to
    the list, so a test can check what git sent and that the failure stays one line.
    """
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.headers.get("Authorization", ""))
            self.send_response(403)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_: object) -> None:
            pass

    with serving(Handler) as url:
        yield f"{url}/octo/demo.git", seen
