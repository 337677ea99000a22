"""The ``python`` release-type (release-please's ``Python`` strategy)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

from releasegate.engine.changelog_notes import DEFAULT_HOST, ChangelogSection
from releasegate.engine.changelog_notes.default import link_note_issue
from releasegate.engine.commits import BREAKING_CHANGE
from releasegate.engine.strategies.base import ROOT, Strategy, Update, find_by_filename
from releasegate.engine.updaters._toml import remember_valid_toml
from releasegate.engine.updaters.changelog import Changelog
from releasegate.engine.updaters.changelog_json import ChangelogJson
from releasegate.engine.updaters.pyproject_toml import PyProjectToml
from releasegate.engine.updaters.python_file_with_version import PythonFileWithVersion
from releasegate.engine.updaters.setup_cfg import SetupCfg
from releasegate.engine.updaters.setup_py import SetupPy
from releasegate.engine.updaters.uv_lock import UvLock
from releasegate.engine.version import Version
from releasegate.errors import ConfigError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from releasegate.engine.commits import ConventionalCommit

__all__ = ["Python"]

_SECTIONS = (
    ChangelogSection("feat", "Features"),
    ChangelogSection("fix", "Bug Fixes"),
    ChangelogSection("perf", "Performance Improvements"),
    ChangelogSection("deps", "Dependencies"),
    ChangelogSection("revert", "Reverts"),
    ChangelogSection("docs", "Documentation"),
    ChangelogSection("style", "Styles", hidden=True),
    ChangelogSection("chore", "Miscellaneous Chores", hidden=True),
    ChangelogSection("refactor", "Code Refactoring", hidden=True),
    ChangelogSection("test", "Tests", hidden=True),
    ChangelogSection("build", "Build System", hidden=True),
    ChangelogSection("ci", "Continuous Integration", hidden=True),
)
_SETUP_PY_NAME = re.compile(r"name *= *['\"](?P<name>.*)['\"](\r|\n|$)")
_SETUP_CFG_ATTR = re.compile(r"^version\s*=\s*attr:\s*(?P<attr>[\w.]+\.\w+)\s*$", re.MULTILINE)


class Python(Strategy):
    """The python release-type: first release 0.1.0.

    Updates CHANGELOG.md, setup.cfg, setup.py, pyproject.toml, ``__init__.py``, every
    ``version.py`` and ``changelog.json``.
    """

    default_changelog_sections = _SECTIONS

    def initial_release_version(self) -> Version:
        """Return 0.1.0: python ignores ``initial-version``."""
        return Version(0, 1, 0)

    def build_updates(
        self, notes: str, version: Version, commits: Sequence[ConventionalCommit]
    ) -> list[Update]:
        """The python strategy's file updates, in release-please's order."""
        updates: list[Update] = []
        if not self.config.skip_changelog:
            changelog = Changelog(version=version, changelog_entry=notes)
            path = self.config.changelog_path or "CHANGELOG.md"
            updates.append(Update(self.add_path(path), (changelog,), create_if_missing=True))
        updates.append(Update(self.add_path("setup.cfg"), (SetupCfg(version=version),)))
        updates.append(Update(self.add_path("setup.py"), (SetupPy(version=version),)))
        project_name: str | None = self.component_config
        settings = self.context.settings
        structured = settings.structured_python
        data = self._pyproject_data()
        pyproject = _project_table(data)
        if pyproject is not None:
            if not (settings.strict and _is_dynamic(pyproject)):
                updates.append(
                    Update(self.add_path("pyproject.toml"), (PyProjectToml(version=version),))
                )
            name = pyproject.get("name")
            project_name = name if isinstance(name, str) else None
        if project_name:
            for name in (project_name, project_name.replace("-", "_")):
                for candidate in (f"{name}/__init__.py", f"src/{name}/__init__.py"):
                    updater = PythonFileWithVersion(version=version, structured=structured)
                    updates.append(Update(self.add_path(candidate), (updater,)))
        prefix = "" if self.path == ROOT else self.path
        for path in find_by_filename(self.context.tree, "version.py", prefix):
            updater = PythonFileWithVersion(version=version, structured=structured)
            updates.append(Update(self.add_path(path), (updater,)))
        if structured:
            updates += self._version_file_updates(data, version)
        if settings.update_lockfile and project_name and pyproject is not None:
            lock = self._find_lockfile()
            if lock is not None:
                updates.append(Update(lock, (UvLock(version=version, package=project_name),)))
        artifact = project_name if project_name is not None else self._name_from_setup_py()
        if artifact and not self.config.skip_changelog:
            shown = _filter_commits(commits, self.changelog_sections or _SECTIONS)
            # release-please links "(#12)" in breaking-change notes in place while it renders
            # the notes, before this updater reads them.
            repo = self.context.repository
            base_url = f"{self.config.changelog_host or DEFAULT_HOST}/{repo.owner}/{repo.name}"
            shown = [_with_linked_notes(c, base_url) if c.notes else c for c in shown]
            updater_json = ChangelogJson(
                artifact_name=artifact,
                version=version,
                commits=shown,
                language="PYTHON",
                date=self.context.now,
                id_factory=self.context.id_factory,
            )
            updates.append(Update("changelog.json", (updater_json,)))
        return updates

    def _pyproject_data(self) -> dict[str, Any] | None:
        """The parsed ``pyproject.toml``, or None if absent or unreadable.

        Like release-please, an unreadable file counts as absent (its bump is skipped); with
        ``strict`` it raises ConfigError instead.
        """
        path = self.add_path("pyproject.toml")
        text = self.context.tree.read(path)
        if text is None:
            return None
        try:
            data: dict[str, Any] = tomlkit.parse(text).unwrap()
        except (TOMLKitError, ValueError) as exc:
            if self.context.settings.strict:
                detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise ConfigError(
                    path,
                    f"cannot parse the version file ({detail})",
                    "fix its TOML syntax, or set strict = false in [tool.releasegate] to skip it",
                ) from None
            return None
        remember_valid_toml(text)  # the PyProjectToml updater parses it again: skip tomlkit there
        return data

    def _version_file_updates(self, data: dict[str, Any] | None, version: Version) -> list[Update]:
        """``_version.py`` files and the files hatch or setuptools read the version from."""
        updates: list[Update] = []
        prefix = "" if self.path == ROOT else self.path
        for path in find_by_filename(self.context.tree, "_version.py", prefix):
            updater = PythonFileWithVersion(version=version, structured=True)
            updates.append(Update(self.add_path(path), (updater,)))
        tool = data.get("tool") if data is not None else None
        tool = tool if isinstance(tool, dict) else {}
        hatch = (
            tool.get("hatch", {}).get("version", {}) if isinstance(tool.get("hatch"), dict) else {}
        )
        hatch_path = hatch.get("path") if isinstance(hatch, dict) else None
        if isinstance(hatch_path, str):
            # hatch's default pattern reads `__version__` or `VERSION`
            updater = PythonFileWithVersion(
                version=version, structured=True, names=("__version__", "VERSION")
            )
            updates.append(Update(self.add_path(hatch_path), (updater,), required=True))
        attr = _setuptools_attr(tool) or self._setup_cfg_attr()
        if attr is not None:
            module, _, name = attr.rpartition(".")
            module_path = self._module_path(module)
            if module_path is not None:
                updater = PythonFileWithVersion(version=version, structured=True, names=(name,))
                updates.append(Update(module_path, (updater,)))
        return updates

    def _setup_cfg_attr(self) -> str | None:
        text = self.context.tree.read(self.add_path("setup.cfg"))
        match = _SETUP_CFG_ATTR.search(text) if text else None
        return match["attr"] if match else None

    def _module_path(self, module: str) -> str | None:
        """The file of a dotted module name, in the package or under its ``src/``."""
        base = module.replace(".", "/")
        for candidate in (f"src/{base}.py", f"{base}.py", f"src/{base}/__init__.py",
                          f"{base}/__init__.py"):  # fmt: skip
            path = self.add_path(candidate)
            if self.context.tree.read(path) is not None:
                return path
        return None

    def _find_lockfile(self) -> str | None:
        """The ``uv.lock`` uv uses for the package: its workspace's, else the nearest one.

        A member of the uv workspace rooted at the repository root is locked in the root's
        ``uv.lock``; uv ignores one left in the member's own directory.
        """
        from releasegate.engine.package_graph import workspace_members  # noqa: PLC0415 - on use

        members = workspace_members(self.context.tree) or ()
        if self.path.strip("/") in members and self.context.tree.read("uv.lock") is not None:
            return "uv.lock"
        parts = [] if self.path == ROOT else self.path.strip("/").split("/")
        for depth in range(len(parts), -1, -1):
            path = "/".join([*parts[:depth], "uv.lock"])
            if self.context.tree.read(path) is not None:
                return path
        return None

    def _name_from_setup_py(self) -> str | None:
        text = self.context.tree.read(self.add_path("setup.py"))
        if text is None:
            return None
        match = _SETUP_PY_NAME.search(text)
        return match["name"] if match and match["name"] else None


def _project_table(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """The ``[project]`` (else ``[tool.poetry]``) table."""
    if data is None:
        return None
    project = data.get("project")
    if isinstance(project, dict):
        return project
    poetry = data.get("tool", {}).get("poetry") if isinstance(data.get("tool"), dict) else None
    return poetry if isinstance(poetry, dict) else None


def _is_dynamic(project: dict[str, Any]) -> bool:
    """Whether the version is computed at build time (not written in pyproject.toml)."""
    dynamic = project.get("dynamic")
    return "version" not in project and isinstance(dynamic, list) and "version" in dynamic


def _setuptools_attr(tool: dict[str, Any]) -> str | None:
    """``[tool.setuptools.dynamic] version = {attr = "pkg.__version__"}``."""
    setuptools = tool.get("setuptools")
    dynamic = setuptools.get("dynamic") if isinstance(setuptools, dict) else None
    version = dynamic.get("version") if isinstance(dynamic, dict) else None
    attr = version.get("attr") if isinstance(version, dict) else None
    return attr if isinstance(attr, str) and "." in attr else None


def _filter_commits(
    commits: Sequence[ConventionalCommit], sections: Sequence[ChangelogSection]
) -> list[ConventionalCommit]:
    """The commits a changelog shows: visible types, and breaking commits of hidden types."""
    visible = {s.type for s in sections if not s.hidden}
    hidden = {s.type for s in sections if s.hidden}
    return [
        c
        for c in commits
        if c.type in visible
        or (any(n.title == BREAKING_CHANGE for n in c.notes) and c.type in hidden)
    ]


def _with_linked_notes(commit: ConventionalCommit, base_url: str) -> ConventionalCommit:
    """``commit`` with its breaking-change notes as release-please's notes builder leaves them."""
    notes = tuple(
        replace(note, text=link_note_issue(note.text, base_url))
        if note.title == BREAKING_CHANGE
        else note
        for note in commit.notes
    )
    return commit if notes == commit.notes else commit._replace(notes=notes)
