"""Running what an adopted project's maintainer runs: uv, nox, invoke, releasegate, linters.

Shared by the slow end-to-end tests of ``init``. Every tool comes from this test environment's
``bin`` (uv, nox, invoke, actionlint, zizmor, releasegate). uv runs offline, as everywhere in
the suite (``tests._offline``): it resolves from its cache, so without a filled cache (a fresh
machine, an empty HOME) a test skips instead of reaching for PyPI, unless nox's tests session
filled the cache (then the command runs once more with uv online: ``run_filling``);
``RELEASEGATE_ONLINE_TESTS=1`` lets it fill the cache too.
The project's ``releasegate`` requirement resolves to this checkout through a
``[tool.uv.sources]`` path entry (:func:`use_this_checkout`).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

import pytest
from tests._offline import COLD_CACHE_REASON, cold_cache, run_filling
from tests.builders import git, git_env

if TYPE_CHECKING:
    import subprocess
    from collections.abc import Mapping

__all__ = [
    "BIN",
    "ROOT",
    "JUnitResult",
    "junit_result",
    "lock_and_commit",
    "require_tools",
    "run_tool",
    "use_this_checkout",
]

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, **git_env(), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    # what nox sets for this session's own venv; a maintainer's shell has neither
    for name in ("VIRTUAL_ENV", "UV_PYTHON", "CONDA_PREFIX"):
        env.pop(name, None)
    env.setdefault("UV_PYTHON_DOWNLOADS", "never")
    return {**env, **(extra or {})}


def require_tools(*names: str) -> None:
    """Skip unless every tool is installed next to this Python."""
    missing = [n for n in names if shutil.which(n, path=str(BIN)) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} in the test environment")


def run_tool(
    root: Path, *argv: str | Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` in ``root``; skip the test when uv needed the network it was denied."""
    command = [str(a) for a in argv]
    tool = shutil.which(command[0], path=str(BIN))
    result = run_filling([tool or command[0], *command[1:]], cwd=root, env=_env(env))
    if result.returncode and cold_cache(result.stdout + result.stderr):
        pytest.skip(COLD_CACHE_REASON)
    return result


def use_this_checkout(root: Path) -> None:
    """Point the project's ``releasegate`` requirement at this checkout (not PyPI)."""
    with (root / "pyproject.toml").open("a", encoding="utf-8") as fh:
        fh.write(f'\n[tool.uv.sources]\nreleasegate = {{ path = "{ROOT.as_posix()}" }}\n')


def lock_and_commit(root: Path) -> None:
    """After ``init``: use this checkout, ``uv lock`` (it must pass), commit the adoption."""
    use_this_checkout(root)
    locked = run_tool(root, "uv", "lock")
    assert locked.returncode == 0, locked.stderr
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "chore: adopt releasegate")


class JUnitResult(tuple[int, int, int]):
    """(tests, failures + errors, skipped) from a JUnit XML report."""

    __slots__ = ()

    @property
    def tests(self) -> int:
        """Test cases collected and run (skipped ones included)."""
        return self[0]

    @property
    def failed(self) -> int:
        """Failures and errors."""
        return self[1]


def junit_result(path: Path) -> JUnitResult:
    """Read pytest's ``--junitxml`` report (a machine format, not its terminal output)."""
    report = ET.parse(path).getroot()  # noqa: S314 - a report this test made
    tests = failed = skipped = 0
    for suite in report.iter("testsuite"):  # the root itself, or under <testsuites>
        tests += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return JUnitResult((tests, failed, skipped))
