"""One file of the setup ``init`` writes: what happens to it, and the text it gets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Action", "FileAction", "compare_file"]

Action = Literal["create", "update", "unchanged", "keep"]


@dataclass(frozen=True, slots=True)
class FileAction:
    """One file of the setup: what ``init`` does with it, and the text it would write."""

    path: str
    action: Action
    content: str | None = None  # the new text, for create and update
    note: str = ""


def compare_file(root: Path, path: str, text: str, *, keep_existing: bool = False) -> FileAction:
    """Create ``path`` with ``text``, or update it; an existing, different file may be kept."""
    target = root / path
    if not target.is_file():
        return FileAction(path, "create", text)
    current = target.read_text(encoding="utf-8")
    if current == text:
        return FileAction(path, "unchanged")
    if keep_existing:
        return FileAction(path, "keep", note="exists and differs; --force replaces it")
    return FileAction(path, "update", text)
