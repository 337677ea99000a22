"""The one subprocess wrapper: argv lists only, secrets via the environment, errors as one line."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasegate._redact import redact
from releasegate.errors import ReleasegateError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

__all__ = ["Result", "run", "which"]


@dataclass(frozen=True, slots=True)
class Result:
    """What a finished command returned."""

    returncode: int
    stdout: str
    stderr: str


def which(tool: str) -> str | None:
    """Return the path of ``tool`` on PATH, or None."""
    return shutil.which(tool)


def run(
    argv: Sequence[str],
    *,
    cwd: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    error: type[ReleasegateError] = ReleasegateError,
    check: bool = True,
    capture: bool = True,
    input_text: str | None = None,
    encoding: str | None = None,
) -> Result:
    """Run ``argv`` and return its output; on failure raise ``error`` with one redacted line.

    ``env`` is added to the current environment (pass secrets here, never in argv).
    ``encoding`` is the text encoding of input and output (default: the locale's).
    """
    full_env = {**os.environ, **(env or {})}
    try:
        proc = subprocess.run(
            list(argv),
            cwd=cwd,
            env=full_env,
            check=False,
            text=True,
            encoding=encoding,
            errors="replace" if encoding else None,
            capture_output=capture,
            input=input_text,
        )
    except FileNotFoundError:
        raise error(f"{argv[0]}: command not found; install it or put it on PATH") from None
    result = Result(proc.returncode, proc.stdout or "", proc.stderr or "")
    if check and proc.returncode != 0:
        raise error(_failure_line(argv, result))
    return result


def _failure_line(argv: Sequence[str], result: Result) -> str:
    """Summarise a failed command in one line: the tool, its exit code, its last words."""
    lines = [ln.strip() for ln in (result.stderr or result.stdout).splitlines() if ln.strip()]
    detail = lines[-1] if lines else "no output"
    tool = " ".join(argv[:2]) if len(argv) > 1 else argv[0]
    return redact(f"{tool} failed (exit {result.returncode}): {detail}")
