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
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from releasegate import git
from releasegate.errors import BuildError
from releasegate.settings import PYPROJECT, Settings, load_settings, parse_settings

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["Export", "Source", "committed_source", "export", "project_settings", "uncommitted"]

_RENAMED = frozenset("RC")  # porcelain entries followed by their source path


def _config_env(*pairs: tuple[str, str]) -> dict[str, str]:
    """Git settings for one command, as environment (``GIT_CONFIG_COUNT``), with no hooks run.

    The clone runs no hook (a template's or the user's ``core.hooksPath``) and says nothing
    about its detached HEAD. Settings the caller's environment gives this way are kept.
    """
    try:
        count = int(os.environ.get("GIT_CONFIG_COUNT", "0"))
    except ValueError:
        count = 0
    settings = (("core.hooksPath", os.devnull), ("advice.detachedHead", "false"), *pairs)
    env = {"GIT_CONFIG_COUNT": str(count + len(settings))}
    for offset, (key, value) in enumerate(settings, start=count):
        env[f"GIT_CONFIG_KEY_{offset}"] = key
        env[f"GIT_CONFIG_VALUE_{offset}"] = value
    return env


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


@contextlib.contextmanager
def export(source: Source, into: Path) -> Iterator[Export]:
    """Check ``source.commit`` out into the new directory ``into``; yield the project in it.

    The checkout is a clone sharing the repository's objects: nothing in the repository is
    written, the commit need not be on any branch, and tags are there for version plugins.
    Submodules checked out in the work tree are checked out at the commit's revision; the
    others stay empty, as in a checkout without ``--recursive``. Raises ``BuildError`` when git
    cannot make it.
    """
    clone = ("clone", "--quiet", "--shared", "--no-checkout", "--template=")
    git.run(source.top, *clone, str(source.top), str(into), error=BuildError)
    git.run(
        into, "checkout", "--quiet", "--detach", source.commit, env=_config_env(), error=BuildError
    )
    missing: tuple[str, ...] = ()
    if (into / ".gitmodules").is_file():
        missing = _submodules(source, into)
    yield Export(into / source.subdir if source.subdir else into, missing)


def _submodules(source: Source, clone: Path) -> tuple[str, ...]:
    """Check out the submodules the user has, from their local clones (never the network).

    Returns the paths of the submodules the user has not checked out; they stay empty.
    """
    listed = git.run(
        clone, "config", "--file", ".gitmodules", "--get-regexp", r"^submodule\..*\.path$",
        check=False,
    )  # fmt: skip
    present: list[tuple[str, str, Path]] = []
    missing: list[tuple[str, str, Path]] = []
    for line in listed.stdout.splitlines():
        key, _, path = line.partition(" ")
        name = key.removeprefix("submodule.").removesuffix(".path")
        local = source.top / path
        (present if (local / ".git").exists() else missing).append((name, path, local))
    for name, path, local in present:
        git.run(clone, "config", f"submodule.{name}.url", str(local), error=BuildError)
        git.run(
            clone, "submodule", "update", "--init", "--quiet", "--recursive", "--", path,
            env=_config_env(("protocol.file.allow", "always")), error=BuildError,
        )  # fmt: skip
    return tuple(path for _, path, _ in missing)


def project_settings(root: Path) -> Settings:
    """Read ``[tool.releasegate]`` as committed at the repository's top level (else from disk).

    Raises ``ConfigError`` for a bad option.
    """
    from releasegate.git import Tree  # noqa: PLC0415 - the engine's reader, only when in git

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
