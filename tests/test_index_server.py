"""Tests for tests/_index_server.py: the suite's pypiserver listens on loopback only."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from tests._index_server import Index


# 127.0.0.2 is the loopback interface too: a server on 0.0.0.0 (pypiserver's default) answers
# there, one on 127.0.0.1 does not.
@pytest.mark.allow_hosts(["127.0.0.1", "127.0.0.2"])
@pytest.mark.parametrize(("address", "answers"), [("127.0.0.1", True), ("127.0.0.2", False)])
def test_pypiserver_listens_on_127_0_0_1_only(
    local_index: Index, address: str, answers: bool
) -> None:
    """Bound to 127.0.0.1, not pypiserver's default 0.0.0.0: another address finds no server."""
    port = urlsplit(local_index.url).port
    assert port is not None
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(5)
        try:
            sock.connect((address, port))
        except ConnectionRefusedError:
            connected = False
        else:
            connected = True
    assert connected is answers
