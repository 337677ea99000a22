"""The one way releasegate replaces a file: write a temporary sibling, then rename it over.

A reader sees the old file or the new one, never half of either. On any failure (a full disk,
text the encoding cannot hold, Ctrl-C) the temporary file is removed and the old file is left
as it was, so nothing half-written stays behind (STYLE.md §3, "Nothing half-written").
"""

from __future__ import annotations

import os
import secrets
import stat
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text``, atomically; create missing parent directories.

    The text is written exactly (no newline translation) and flushed to disk before the rename.
    An existing file keeps its permission bits; a new one gets the usual ones (``0o666`` less
    the umask), not a temporary file's ``0o600``. Raises OSError or UnicodeEncodeError; then
    ``path`` is unchanged and no temporary file remains.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            tmp.chmod(mode)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
