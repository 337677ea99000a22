"""Which package a commit belongs to (release-please's ``commit-split`` and ``commit-exclude``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from releasegate.engine.config import ROOT

if TYPE_CHECKING:
    from collections.abc import Sequence

    from releasegate.engine.commits import Commit

__all__ = ["exclude_commits", "normalize_path", "split_commits"]


def split_commits(commits: Sequence[Commit], paths: Sequence[str]) -> dict[str, list[Commit]]:
    """Assign commits to package paths, as release-please's ``CommitSplit`` does.

    A commit belongs to every package whose folder holds one of its files; a file at the
    top level belongs to no sub-package; an empty commit belongs to every package. The root
    package (``.``) is not split: it gets every commit.
    """
    package_paths = sorted(
        (p for p in (normalize_path(p) for p in paths) if p != ROOT), key=len, reverse=True
    )
    split: dict[str, list[Commit]] = {}
    # The package of a file is the longest package path p with file.startswith(p + "/"):
    # the longest of the file's "/"-ended prefixes that is a package, found per folder once.
    packages = frozenset(package_paths)
    package_of: dict[str, str | None] = {}
    for commit in commits:
        seen: set[str] = set()
        for file in commit.files:
            end = file.rfind("/")
            if end < 0:
                continue  # a top-level file belongs to no sub-package
            folder = file[:end]
            if folder in package_of:
                name = package_of[folder]
            else:
                name = _package_of(folder, packages)
                package_of[folder] = name
            if name is None or name in seen:
                continue
            seen.add(name)
            split.setdefault(name, []).append(commit)
        if not commit.files:
            for name in package_paths:
                split.setdefault(name, []).append(commit)
    return split


def _package_of(folder: str, packages: frozenset[str]) -> str | None:
    """The longest of ``folder`` and its parents (cut at each "/") that is in ``packages``."""
    end = len(folder)
    while end >= 0:
        if folder[:end] in packages:
            return folder[:end]
        end = folder.rfind("/", 0, end)
    return None


def exclude_commits(
    commits: list[Commit], path: str, exclude_paths: Sequence[str] | None
) -> list[Commit]:
    """Drop commits whose files in ``path`` all lie under ``exclude-paths`` (``CommitExclude``).

    ``exclude-paths`` are relative to the repository root, as in release-please; a commit with
    no file in the package is dropped too once any exclude path is set.
    """
    if not exclude_paths:
        return commits
    excluded = [normalize_path(p) for p in exclude_paths]

    def relevant(file: str, prefix: str) -> bool:
        return prefix == ROOT or file.startswith(f"{prefix}/")

    return [
        c
        for c in commits
        if not all(any(relevant(f, e) for e in excluded) for f in c.files if relevant(f, path))
    ]


def normalize_path(path: str) -> str:
    """release-please's normalizePaths: drop one trailing and one leading slash."""
    return re.sub(r"^/", "", re.sub(r"/$", "", path))
