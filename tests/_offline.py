"""Tests reach only 127.0.0.1, unless ``RELEASEGATE_ONLINE_TESTS=1`` says they may go online.

A pytest plugin, loaded by ``tests/conftest.py``, with the suite's two rules for the network:

* A test marked ``online`` (it downloads from PyPI) is skipped, unless the run is online; then
  pytest-socket's guard is lifted for it (the guard keeps every other test on the loopback).
* Every uv the suite starts (the chain's ``uv build`` with its isolated build environment,
  ``uv lock``, ``uv pip``) runs with ``UV_OFFLINE=1``, since subprocesses are out of the
  guard's reach. A test whose uv needed a package the cache lacks (a fresh machine, an empty
  HOME) is reported as skipped, with the way to fill the cache, instead of failing or reaching
  PyPI; an online run lets uv fetch it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Generator, Iterator

__all__ = ["COLD_CACHE", "COLD_CACHE_REASON", "ONLINE", "cold_cache", "online"]

ONLINE = "RELEASEGATE_ONLINE_TESTS"
# What uv says when offline mode kept it from a package (resolver hint; `uv pip` download).
COLD_CACHE = ("network was disabled", "Network connectivity is disabled")
COLD_CACHE_REASON = f"uv's cache lacks a package; run once with {ONLINE}=1"


def online() -> bool:
    """Whether this run may reach PyPI (``RELEASEGATE_ONLINE_TESTS`` is set)."""
    return bool(os.environ.get(ONLINE))


def cold_cache(text: str) -> bool:
    """Whether ``text`` (a tool's output, an error) says offline uv lacked a package."""
    return any(message in text for message in COLD_CACHE)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip ``online`` tests unless RELEASEGATE_ONLINE_TESTS is set; then lift the socket guard."""
    for item in items:
        if item.get_closest_marker("online") is None:
            continue
        if online():
            item.add_marker(pytest.mark.enable_socket)
        else:
            item.add_marker(pytest.mark.skip(reason=f"reaches the internet; set {ONLINE}=1"))


@pytest.fixture(autouse=True, scope="session")
def _uv_offline() -> Iterator[None]:
    """Every uv of the session reads only its cache, unless the run is online."""
    if online():
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("UV_OFFLINE", "1")
        yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Report a test that failed on uv's cold cache as skipped, naming the way to fill it."""
    report = yield
    if report.failed and not online() and call.excinfo and cold_cache(str(call.excinfo.value)):
        line = item.location[1]  # 0-based, as pytest's own skips add one
        report.outcome = "skipped"
        report.longrepr = (str(item.path), line + 1 if line is not None else 0, COLD_CACHE_REASON)
    return report
