"""The release-please config and versions manifest as a branch has them committed.

release-please reads both files from the target branch's head, never from a work tree. The
release PR planner (:mod:`releasegate.engine.plan`) and the release commands (through
:func:`releasegate.engine.releases.load_inputs`) read them here, with the same fallback and the same
one-line errors, and with the version scheme of the same tree's ``[tool.releasegate]``
(:func:`read_branch_files`). It only reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from releasegate.engine.config import CONFIG_FILE_NAMES, parse_config
from releasegate.engine.manifest import parse_manifest
from releasegate.engine.settings import load_settings
from releasegate.engine.version import Version, VersionParseError
from releasegate.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from releasegate.engine.config import ManifestConfig
    from releasegate.engine.git import Tree
    from releasegate.engine.settings import Settings
    from releasegate.engine.version import Scheme

__all__ = ["FileSource", "ReleaseFiles", "read_branch_files", "read_release_files"]


class FileSource(Protocol):
    """Where the files are read: a commit's :class:`~releasegate.engine.git.Tree`, or a work tree.

    ``doctor`` reads a work tree's copies, through the same parser, when they are not
    committed yet.
    """

    def read(self, path: str) -> str | None:
        """The text of the file at ``path``, or None when there is none."""


@dataclass(frozen=True, slots=True)
class ReleaseFiles:
    """The parsed config, the warnings about it and the manifest versions of one tree."""

    config: ManifestConfig
    warnings: tuple[str, ...]
    versions: dict[str, Version]


def read_release_files(
    tree: FileSource,
    *,
    branch: str,
    config_file: str | None,
    manifest_file: str,
    scheme: Scheme,
    work_tree: Path | None = None,
    at: str | None = None,
) -> ReleaseFiles:
    """Read and parse the config and manifest committed in ``tree`` (``branch``'s head).

    No ``config_file``: ``release-please-config.json``, else ``.release-please-config.json``.
    Manifest versions are parsed as ``scheme`` says. ``work_tree`` is the checkout of that same
    commit, if there is one: a copy there that differs from the committed file adds a warning.
    ``branch`` names the branch in messages, or ``at`` the ref ``tree`` was read at instead
    (the release tag a publish job checked out). Raises UsageError (ConfigError for an invalid
    file), one line naming the file and the fix.
    """
    where = f"at {at!r}" if at else f"on branch {branch!r}"
    warnings: list[str] = []
    if config_file is None:
        config_file = next((n for n in CONFIG_FILE_NAMES if tree.read(n) is not None), None)
        if config_file is None:
            raise UsageError(
                f"no {' or '.join(CONFIG_FILE_NAMES)} {where}; commit one or pass --config PATH"
            )
    text = tree.read(config_file)
    if text is None:
        raise UsageError(f"{config_file}: not found {where}; commit it or pass --config PATH")
    _warn_if_uncommitted(warnings, work_tree, config_file, text, branch)
    config, config_warnings = parse_config(text.encode(), config_file)
    warnings.extend(config_warnings)
    text = tree.read(manifest_file)
    if text is None:
        raise UsageError(f"{manifest_file}: not found {where}; commit it or pass --manifest PATH")
    _warn_if_uncommitted(warnings, work_tree, manifest_file, text, branch)
    versions = {
        path: _manifest_version(manifest_file, path, value, scheme)
        for path, value in parse_manifest(text.encode(), manifest_file).items()
    }
    return ReleaseFiles(config, tuple(warnings), versions)


def read_branch_files(
    tree: Tree,
    *,
    branch: str,
    config_file: str | None,
    manifest_file: str,
    work_tree: Path | None = None,
    at: str | None = None,
) -> tuple[Settings, ReleaseFiles]:
    """Read ``tree``'s ``[tool.releasegate]``, then its release files with that version scheme.

    What the planner and the release commands read from a branch's (or a tag's) commit: the
    settings (:func:`releasegate.engine.settings.load_settings`) and :func:`read_release_files` with
    the same arguments. Raises ConfigError for a bad option, else as read_release_files.
    """
    settings = load_settings(tree)
    files = read_release_files(
        tree,
        branch=branch,
        config_file=config_file,
        manifest_file=manifest_file,
        scheme=settings.version_scheme,
        work_tree=work_tree,
        at=at,
    )
    return settings, files


def _warn_if_uncommitted(
    warnings: list[str], work_tree: Path | None, name: str, committed: str, branch: str
) -> None:
    """Say so when the work tree's copy differs: like release-please, we read the branch."""
    if work_tree is None:
        return
    local = work_tree / name
    try:
        differs = local.is_file() and local.read_text(encoding="utf-8") != committed
    except (OSError, UnicodeDecodeError):
        differs = False
    if differs:
        warnings.append(
            f"{name}: the work tree differs from branch {branch!r}; the committed "
            "version is used, as release-please would; commit your changes to plan with them"
        )


def _manifest_version(name: str, path: str, value: str, scheme: Scheme) -> Version:
    try:
        return Version.parse(value, scheme)
    except VersionParseError:
        raise UsageError(f"{name}: {path!r}: {value!r} is not a version; use X.Y.Z") from None
