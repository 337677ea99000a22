"""One way to serve a test's HTTP handler on 127.0.0.1: :func:`serving`.

``serve_forever`` looks for a shutdown request every ``poll_interval`` seconds, 0.5 by
default: a test that stops its server waited up to half a second for nothing, thirty tests of
the suite together about 16 s (issue 19). :data:`POLL_INTERVAL` is short instead.
"""

from __future__ import annotations

import contextlib
import threading
from http.server import ThreadingHTTPServer
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from http.server import BaseHTTPRequestHandler

__all__ = ["POLL_INTERVAL", "serving"]

POLL_INTERVAL = 0.02


@contextlib.contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on a free port of 127.0.0.1 until the block ends; yield its base URL.

    The URL has no trailing slash (``http://127.0.0.1:PORT``). Requests run on daemon threads;
    the server is shut down and closed when the block ends, however it ends.
    """
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(POLL_INTERVAL,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
