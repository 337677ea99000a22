"""A loopback HTTP host that refuses every git request and records the credentials sent."""

from __future__ import annotations

import contextlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

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

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/octo/demo.git", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
