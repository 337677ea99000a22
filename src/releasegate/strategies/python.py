"""The ``python`` release-type (release-please's ``Python`` strategy)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

from releasegate.changelog_notes import DEFAULT_HOST, ChangelogSection
from releasegate.changelog_notes.default import link_note_issue
from releasegate.strategies.base import ROOT, Strategy, Update, find_by_filename
from releasegate.updaters.changelog import Changelog
from releasegate.updaters.changelog_json import ChangelogJson
from releasegate.updaters.pyproject_toml import PyProjectToml
from releasegate.updaters.python_file_with_version import PythonFileWithVersion
from releasegate.updaters.setup_cfg import SetupCfg
from releasegate.updaters.setup_py import SetupPy
from releasegate.version import Version

if TYPE_CHECKING:
    from collections.abc import Sequence

    from releasegate.commits import ConventionalCommit

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
        pyproject = self._pyproject()
        if pyproject is not None:
            updates.append(
                Update(self.add_path("pyproject.toml"), (PyProjectToml(version=version),))
            )
            name = pyproject.get("name")
            project_name = name if isinstance(name, str) else None
        if project_name:
            for name in (project_name, project_name.replace("-", "_")):
                for candidate in (f"{name}/__init__.py", f"src/{name}/__init__.py"):
                    updater = PythonFileWithVersion(version=version)
                    updates.append(Update(self.add_path(candidate), (updater,)))
        prefix = "" if self.path == ROOT else self.path
        for path in find_by_filename(self.context.tree, "version.py", prefix):
            updater = PythonFileWithVersion(version=version)
            updates.append(Update(self.add_path(path), (updater,)))
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

    def _pyproject(self) -> dict[str, Any] | None:
        """The ``[project]`` (else ``[tool.poetry]``) table, or None if absent or unreadable."""
        text = self.context.tree.read(self.add_path("pyproject.toml"))
        if text is None:
            return None
        try:
            data = tomlkit.parse(text).unwrap()
        except (TOMLKitError, ValueError):
            return None
        project = data.get("project")
        if isinstance(project, dict):
            return project
        poetry = data.get("tool", {}).get("poetry") if isinstance(data.get("tool"), dict) else None
        return poetry if isinstance(poetry, dict) else None

    def _name_from_setup_py(self) -> str | None:
        text = self.context.tree.read(self.add_path("setup.py"))
        if text is None:
            return None
        match = _SETUP_PY_NAME.search(text)
        return match["name"] if match and match["name"] else None


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
        or (any(n.title == "BREAKING CHANGE" for n in c.notes) and c.type in hidden)
    ]


def _with_linked_notes(commit: ConventionalCommit, base_url: str) -> ConventionalCommit:
    """``commit`` with its breaking-change notes as release-please's notes builder leaves them."""
    notes = tuple(
        replace(note, text=link_note_issue(note.text, base_url))
        if note.title == "BREAKING CHANGE"
        else note
        for note in commit.notes
    )
    return commit if notes == commit.notes else replace(commit, notes=notes)
