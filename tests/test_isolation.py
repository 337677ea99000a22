"""The suite's own guards (tests/conftest.py): a test reaches the loopback and nothing else."""

from __future__ import annotations

import socket

import pytest
from pytest_socket import SocketConnectBlockedError


@pytest.mark.parametrize("address", ["192.0.2.1", "2001:db8::1"], ids=["ipv4", "ipv6"])
def test_an_outside_address_is_refused_before_connecting(address: str) -> None:
    """Connecting to a documentation-range address (never routed) fails inside the guard."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with (
        socket.socket(family, socket.SOCK_STREAM) as sock,
        pytest.raises(SocketConnectBlockedError),
        pytest.warns(UserWarning, match=f'with host "{address}"'),
    ):
        sock.connect((address, 443))


@pytest.mark.parametrize(
    ("family", "address"),
    [(socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")],
    ids=["ipv4", "ipv6"],
)
def test_the_loopback_is_reachable(family: socket.AddressFamily, address: str) -> None:
    """A server on 127.0.0.1 or ::1 accepts the test's connection."""
    if family == socket.AF_INET6 and not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    with socket.socket(family, socket.SOCK_STREAM) as server:
        server.bind((address, 0))
        server.listen(1)
        with socket.socket(family, socket.SOCK_STREAM) as client:
            client.connect(server.getsockname()[:2])
            accepted, _ = server.accept()
            accepted.close()
