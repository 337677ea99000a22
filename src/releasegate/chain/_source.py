"""What a release is built from: the commit at ``HEAD``, exported clean (issue 15).

A release is a commit, never whatever the work tree holds: ``build`` runs ``uv build`` in a
throwaway clone of the repository checked out at ``HEAD``, so an uncommitted edit or a file
never added cannot reach the index. The clone is ``git clone --shared`` (it borrows the
repository's objects and writes nothing into it) and keeps git's metadata, so versions derived
from git (hatch-vcs, setuptools-scm) come out as they would in CI's fresh checkout of the commit:
the tag's version on a tagged commit, with no ``+dirty`` suffix. Submodules are checked out from
the repository's own submodule clones, never fetched; those not checked out stay empty, as in
CI's default checkout.

What the work tree holds beyond ``HEAD`` is named, so the maintainer sees what was left out.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from releasegate.engine import git
from releasegate.engine.settings import PYPROJECT, Settings, load_settings, parse_settings
from releasegate.errors import BuildError
from releasegate.forge import git_write

__all__ = ["Export", "Source", "committed_source", "export", "project_settings", "uncommitted"]

_RENAMED = frozenset("RC")  # porcelain entries followed by their source path


@dataclass(frozen=True, slots=True)
class Source:
    """A project at a commit: the repository's top level, the project's path in it, the commit."""

    top: Path
    subdir: str  # "" when the project is at the top level
    commit: str

    @property
    def project(self) -> Path:
        """The project directory in the user's work tree."""
        return self.top / self.subdir if self.subdir else self.top


def committed_source(root: Path) -> Source:
    """Return the commit checked out at ``root``; raise ``BuildError`` when there is none."""
    top = _git(root, "rev-parse", "--show-toplevel")
    head = _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    if top is None or head is None:
        raise BuildError(
            f"{root}: not a git checkout with a commit; releasegate builds only committed files: "
            "commit the project first"
        )
    top_dir = Path(top).resolve()
    try:
        subdir = root.resolve().relative_to(top_dir).as_posix()
    except ValueError:  # pragma: no cover - git's top level always contains the checkout
        subdir = ""
    return Source(top_dir, "" if subdir == "." else subdir, head)


def uncommitted(source: Source, *, exclude: Path | None = None) -> list[str]:
    """Return the paths (relative to the top level) that differ from ``HEAD`` or are untracked.

    Ignored files are not named (they are not meant to be committed), nor is anything under
    ``exclude`` (the build's own ``dist/``). An untracked folder is named once, as ``folder/``.
    """
    result = git.run(
        source.top, "status", "--porcelain=v1", "-z", "--untracked-files=normal", error=BuildError
    )
    skip = ""
    if exclude is not None:
        with contextlib.suppress(ValueError):
            skip = exclude.resolve().relative_to(source.top).as_posix() + "/"
    fields = iter(result.stdout.split("\0"))
    paths = []
    for entry in fields:
        if len(entry) < 4:  # noqa: PLR2004 - "XY path": two status letters, a space, a path
            continue
        status, path = entry[:2], entry[3:]
        if status[0] in _RENAMED:
            next(fields, None)  # the path it was renamed or copied from
        if not (skip and (path + "/").startswith(skip)):
            paths.append(path)
    return paths


@dataclass(frozen=True, slots=True)
class Export:
    """A clean checkout of a commit: the project's directory in it, and what it lacks."""

    project: Path
    missing_submodules: tuple[str, ...]  # not checked out here, so left empty, as CI leaves them


def export(source: Source, into: Path) -> Export:
    """Check ``source.commit`` out into the new directory ``into``; return the project in it.

    :func:`releasegate.forge.git_write.clone_commit`: a clone sharing the repository's objects, so
    nothing in the repository is written and tags are there for version plugins; submodules
    checked out in the work tree are checked out, the others stay empty. Raises
    ``BuildError`` when git cannot make it.
    """
    missing = git_write.clone_commit(source.top, source.commit, into, error=BuildError)
    return Export(into / source.subdir if source.subdir else into, missing)


def project_settings(root: Path) -> Settings:
    """Read ``[tool.releasegate]`` as committed at the repository's top level (else from disk).

    Raises ``ConfigError`` for a bad option.
    """
    from releasegate.engine.git import Tree  # noqa: PLC0415 - the engine's reader, only when in git

    top = _git(root, "rev-parse", "--show-toplevel")
    if top is not None and _git(root, "rev-parse", "--verify", "--quiet", "HEAD") is not None:
        tree = Tree(Path(top), "HEAD")
        try:
            return load_settings(tree)
        finally:
            tree.close()
    path = root / PYPROJECT
    try:
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
    except OSError:
        text = ""
    return parse_settings(text)


def _git(root: Path, *args: str) -> str | None:
    result = git.run(root, *args, check=False)
    return result.stdout.strip() or None if result.returncode == 0 else None
