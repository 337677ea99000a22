"""Tests reach only 127.0.0.1, unless ``RELEASEGATE_ONLINE_TESTS=1`` says they may go online.

A pytest plugin, loaded by ``tests/conftest.py``, with the suite's two rules for the network:

* A test marked ``online`` (it downloads from PyPI) is skipped, unless the run is online; then
  pytest-socket's guard is lifted for it (the guard keeps every other test on the loopback).
* Every uv the suite starts (the chain's ``uv build`` with its isolated build environment,
  ``uv lock``, ``uv pip``) runs with ``UV_OFFLINE=1``, since subprocesses are out of the
  guard's reach. A test whose uv needed a package the cache lacks (a fresh machine, an empty
  HOME) is reported as skipped, with the way to fill the cache, instead of failing or reaching
  PyPI; an online run lets uv fetch it.

``nox -s tests`` fills the cache first (``tests.fill_uv_cache``) and says so with
``RELEASEGATE_UV_FILLED=1``. Then a cold cache is no reason to skip: a command a test runs
through :func:`run_filling` (``uv lock`` or nox in an adopted project, which resolve what the
project asks for) runs once more with uv online, as nox's own install did, and a cache miss
anywhere else fails its test, so a build backend missing from the fill list shows in CI.
"""

from __future__ import annotations

import os
import subprocess
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Generator, Iterator, Mapping, Sequence
    from pathlib import Path

__all__ = [
    "COLD_CACHE",
    "COLD_CACHE_REASON",
    "FILLED",
    "ONLINE",
    "cache_filled",
    "cold_cache",
    "online",
    "run_filling",
]

ONLINE = "RELEASEGATE_ONLINE_TESTS"
FILLED = "RELEASEGATE_UV_FILLED"  # set by nox -s tests once tests.fill_uv_cache succeeded
# What uv says when offline mode kept it from a package (resolver hint; `uv pip` download).
COLD_CACHE = ("network was disabled", "Network connectivity is disabled")
COLD_CACHE_REASON = f"uv's cache lacks a package; run once with {ONLINE}=1"


def online() -> bool:
    """Whether this run may reach PyPI (``RELEASEGATE_ONLINE_TESTS`` is set)."""
    return bool(os.environ.get(ONLINE))


def cache_filled() -> bool:
    """Whether nox filled uv's cache for this run (``RELEASEGATE_UV_FILLED``)."""
    return os.environ.get(FILLED) == "1"


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


def run_filling(
    argv: Sequence[str], *, env: Mapping[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``argv``; when its offline uv lacked a package and nox filled the cache, run it online.

    For commands that resolve what a project under test asks for (its own test dependencies),
    which no fill list can know in advance. The second run is uv going to PyPI as nox's
    install does; the test's own process stays on the loopback.
    """
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode and cache_filled() and cold_cache(result.stdout + result.stderr):
        online_env = {k: v for k, v in env.items() if k != "UV_OFFLINE"}
        result = subprocess.run(
            argv, cwd=cwd, env=online_env, capture_output=True, text=True, check=False
        )
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Report a test that failed on uv's cold cache as skipped, naming the way to fill it.

    Not after nox filled the cache: then the miss is the fill list's, and the test fails.
    """
    report = yield
    skip = not online() and not cache_filled()
    if report.failed and skip and call.excinfo and cold_cache(str(call.excinfo.value)):
        line = item.location[1]  # 0-based, as pytest's own skips add one
        report.outcome = "skipped"
        report.longrepr = (str(item.path), line + 1 if line is not None else 0, COLD_CACHE_REASON)
    return report
