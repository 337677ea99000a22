"""The one atomic file writer: all or nothing, and no temporary file left behind."""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING

import pytest

from releasegate._atomic import write_atomic

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


def _names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_writes_exact_text_and_creates_parents(tmp_path: Path) -> None:
    """Text lands byte for byte (no newline translation), in directories made on the way."""
    target = tmp_path / ".github" / "workflows" / "ci.yml"
    write_atomic(target, "a\r\nb\né\n")
    assert target.read_bytes() == "a\r\nb\né\n".encode()
    assert _names(target.parent) == ["ci.yml"]


def test_replaces_and_keeps_the_file_mode(tmp_path: Path) -> None:
    """An existing file keeps its permission bits; a new one gets 0o666 less the umask."""
    script = tmp_path / "run.sh"
    script.write_text("old\n")
    script.chmod(0o750)
    write_atomic(script, "new\n")
    assert (script.read_text(), _mode(script)) == ("new\n", 0o750)
    umask = os.umask(0o022)
    os.umask(umask)
    fresh = tmp_path / "fresh.txt"
    write_atomic(fresh, "x\n")
    assert _mode(fresh) == 0o666 & ~umask


@pytest.mark.parametrize(
    ("make_target", "text", "error"),
    [
        # the encoding cannot hold the text: the write itself fails half-way
        (lambda d: d / "bundle.json", "{'x': '\udc80'}", UnicodeEncodeError),
        # the rename fails: the target is a directory
        (lambda d: d / "dist", "text", OSError),
    ],
    ids=["write-fails", "rename-fails"],
)
def test_failure_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, make_target: Callable[[Path], Path], text: str, error: type[Exception]
) -> None:
    """On any failure the old content stays and the directory holds nothing new."""
    (tmp_path / "bundle.json").write_text("old\n")
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "keep.whl").write_text("w")
    before = _names(tmp_path)
    target = make_target(tmp_path)
    with pytest.raises(error):
        write_atomic(target, text)
    assert _names(tmp_path) == before
    assert (tmp_path / "bundle.json").read_text() == "old\n"
    assert _names(tmp_path / "dist") == ["keep.whl"]
