"""Locate the external tools the chain runs, preferring the current environment's copies."""

from __future__ import annotations

import sys

from releasegate._proc import which
from releasegate.errors import BuildError

__all__ = ["python_module", "uv_binary"]


def python_module(module: str) -> list[str]:
    """Return the argv prefix that runs ``module`` with the current interpreter."""
    return [sys.executable, "-m", module]


def uv_binary() -> str:
    """Return the path of uv: the ``uv`` package's binary if installed, else uv on PATH."""
    try:
        from uv import find_uv_bin  # noqa: PLC0415 - optional dependency

        return str(find_uv_bin())
    except (ImportError, FileNotFoundError):
        pass
    found = which("uv")
    if found is None:
        raise BuildError("uv: command not found; install it with 'python3 -m pip install uv'")
    return found
