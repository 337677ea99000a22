"""Which ``[tool.releasegate]`` options ``init`` turns on: only those the project can honour.

Each option guards a release against a failure (README, "Beyond release-please"), and each
one asks something of the project. ``init`` turns one on only when the setup it leaves behind
meets that: ``draft-until-published`` when the Release workflow that will run publishes with
``publish-release``; ``update-lockfile`` when ``uv.lock`` will hold the project's own version
(a literal ``version`` in ``[project]``: uv locks no version for a dynamic one, nor anything
for a project without ``[project]``); ``strict`` when the release PR's file edits, computed on
the work tree as ``init`` leaves it, find every version they are asked to change. An option
the maintainer already set is never touched.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from releasegate.engine import git
from releasegate.engine.config import parse_config
from releasegate.engine.manifest import parse_manifest
from releasegate.engine.repository import Repository
from releasegate.engine.settings import Settings
from releasegate.engine.strategies import StrategyContext, build_strategy
from releasegate.engine.strategies.base import merge_updates
from releasegate.engine.updaters.strict import strict_error
from releasegate.engine.version import Version, VersionParseError
from releasegate.errors import ReleasegateError

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

__all__ = ["OptionChoice", "WorkTree", "choose_options", "strict_problem"]


@dataclass(frozen=True, slots=True)
class OptionChoice:
    """The options to add to ``[tool.releasegate]``, and why any was left off."""

    options: dict[str, Any]
    notes: list[str]


def choose_options(
    root: Path,
    present: Mapping[str, Any],
    written: Mapping[str, str],
    *,
    locks_own_version: bool,
    publishes_with_releasegate: bool,
    config_file: str,
    manifest_file: str,
    plugins: tuple[str, ...] = (),
) -> OptionChoice:
    """The options ``init`` adds, given what the setup will be.

    ``present`` is the existing ``[tool.releasegate]`` table (kept as it is); ``written`` maps
    the paths init writes to their new text, so the strict check sees the files as they will
    be committed. ``plugins`` are the engine plugins the project needs (``uv-workspace``).
    """
    wanted: dict[str, Any] = {"version-scheme": "pep440"}
    if plugins:
        wanted["plugins"] = list(plugins)
    notes: list[str] = []
    if locks_own_version:
        wanted["update-lockfile"] = True
    wanted["strict"] = True
    if publishes_with_releasegate:
        wanted["draft-until-published"] = True
    if "strict" not in present:
        settings = Settings(
            version_scheme=present.get("version-scheme", "pep440"),
            update_lockfile=bool(present.get("update-lockfile", locks_own_version)),
            strict=True,
        )
        problem = strict_problem(root, written, settings, config_file, manifest_file)
        if problem is not None:
            del wanted["strict"]
            notes.append(f"strict stays off: a release PR would stop on {problem}")
    options = {key: value for key, value in wanted.items() if key not in present}
    return OptionChoice(options, notes)


def strict_problem(
    root: Path, written: Mapping[str, str], settings: Settings, config_file: str, manifest_file: str
) -> str | None:
    """The first strict error the next release PR would raise, else None.

    Runs each package's strategy for a patch release over the work tree (with ``written``
    laid over it) and checks every file edit as ``release-pr`` does under ``strict``.
    """
    tree = WorkTree(root, written)
    try:
        config_text = tree.read(config_file)
        manifest_text = tree.read(manifest_file)
        if config_text is None or manifest_text is None:
            return None
        config, _ = parse_config(config_text.encode(), config_file)
        versions = parse_manifest(manifest_text.encode(), manifest_file)
        context = StrategyContext(
            tree=tree,
            target_branch="main",
            repository=Repository("owner", "repo"),
            now=datetime.now(tz=timezone.utc),
            id_factory=lambda: str(uuid.uuid4()),
            settings=settings,
        )
        for package in config.packages:
            strategy = build_strategy(package.path, package.config, context)
            current = Version.parse(versions.get(package.path, "0.0.0"), settings.version_scheme)
            version = replace(current, patch=current.patch + 1, pre_release=None, build=None)
            updates = strategy.build_updates("", version, [])
            for update in merge_updates([*updates, *strategy.extra_file_updates(version)]):
                error = strict_error(update, tree.read(update.path))
                if error is not None:
                    return str(error)
    except (ReleasegateError, VersionParseError) as exc:
        return str(exc)
    return None


class WorkTree(git.Tree):
    """The work tree's files (tracked or not, ignored ones aside), with ``written`` over them.

    Read as a commit is read (:class:`releasegate.engine.git.Tree`), so the engine's readers see the
    files as ``init`` leaves them, before anything is committed.
    """

    def __init__(self, root: Path, written: Mapping[str, str]) -> None:
        super().__init__(root, "HEAD")
        self._written = dict(written)

    @property
    def entries(self) -> list[git.TreeEntry]:
        """Every file ``git add -A`` would commit, plus the files init writes."""
        if self._entries is None:
            listed = git.run(
                self.repo, "ls-files", "-z", "-c", "-o", "--exclude-standard", check=False
            )
            paths = dict.fromkeys([*listed.stdout.split("\0"), *self._written])
            self._entries = [git.TreeEntry(p, "blob", "100644", "") for p in paths if p]
            self._by_path = {e.path: e for e in self._entries}
        return self._entries

    def read(self, path: str) -> str | None:
        """The file's text as init leaves it, or None."""
        if path in self._written:
            return self._written[path]
        try:
            return (self.repo / path).read_text(encoding="utf-8", errors="replace")
        except (OSError, ValueError):
            return None
