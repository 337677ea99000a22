"""Move a uv workspace's internal requirements with its members' releases (``uv-workspace``).

releasegate's counterpart of release-please's ``node-workspace`` and ``cargo-workspace`` plugins
(``src/plugins/workspace.ts``), switched on with ``plugins = ["uv-workspace"]`` in
``[tool.releasegate]``, never in the release-please config (which release-please must still
read). The members are the directories ``[tool.uv.workspace]`` names in the root
``pyproject.toml``. When a release moves a member, every other member's requirement on it that
no longer admits the new version is rewritten to admit it (see
:mod:`releasegate.engine.updaters.pyproject_dependencies`), and a member whose requirements were
rewritten gets a patch release whose changelog lists them under ``### Dependencies``, as
release-please's workspace plugins write it. A requirement that still admits the new version is
left alone, and so is the member. Members in no release-please package have their requirements
rewritten without a release. Members that require each other in a cycle, and moved members
with a dynamic version, are one-line errors.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from packaging.version import InvalidVersion
from packaging.version import Version as Pep440Version

from releasegate.engine.config import ROOT
from releasegate.engine.package_graph import (
    PythonPackage,
    cycle_error,
    find_cycle,
    read_package,
    table_name,
    workspace_members,
)
from releasegate.engine.plugins import Candidate, ManifestPlugin, Preconfigured
from releasegate.engine.pull_request import ReleaseData
from releasegate.engine.strategies.base import Update
from releasegate.engine.updaters import UpdaterError
from releasegate.engine.updaters.changelog import Changelog
from releasegate.engine.updaters.pyproject_dependencies import (
    PyProjectDependencies,
    RequirementChange,
    requirement_changes,
)
from releasegate.engine.updaters.release_please_manifest import ReleasePleaseManifest
from releasegate.engine.version import Version
from releasegate.errors import ConfigError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from releasegate.engine.commits import ConventionalCommit
    from releasegate.engine.plugins import PluginContext
    from releasegate.engine.strategies import Release, ReleasePullRequest, Strategy

__all__ = ["UvWorkspace", "append_dependencies_section", "dependency_notes"]

NAME = "uv-workspace"
_WHERE = "pyproject.toml"


class UvWorkspace(ManifestPlugin):
    """Rewrite members' requirements on released members; patch-release the members rewritten.

    ``preconfigure`` keeps the strategies and latest releases (to build the patch releases);
    ``run`` adds them and returns the candidates outside the workspace first, then the
    members' candidates sorted by package name, as release-please's workspace plugins do.
    """

    def __init__(self, context: PluginContext) -> None:
        self.context = context
        self.tree = context.strategy_context.tree
        self.scheme = context.strategy_context.settings.version_scheme
        self.strategies: Mapping[str, Strategy] = {}
        self.releases: Mapping[str, Release] = {}

    def preconfigure(
        self,
        strategies: Mapping[str, Strategy],
        commits_by_path: Mapping[str, Sequence[ConventionalCommit]],
        releases: Mapping[str, Release],
    ) -> Preconfigured:
        """Keep the strategies and releases for ``run``; change nothing."""
        self.strategies = strategies
        self.releases = releases
        return Preconfigured(strategies, commits_by_path)

    def run(self, candidates: Sequence[Candidate]) -> list[Candidate]:
        """Return the candidates with the workspace's requirements and patch releases added."""
        members = workspace_members(self.tree)
        if members is None:
            raise ConfigError(
                _WHERE,
                f"tool.releasegate.plugins: {NAME!r} needs a uv workspace, and there is no "
                "[tool.uv.workspace] table",
                f"add one, or remove {NAME!r} from plugins",
            )
        packages = {p.path: p for m in members if (p := read_package(self.tree, m)) is not None}
        # release-please packages that are members: their path in the config, by member path
        configured = {
            _normal(path): path
            for path, package in self.context.packages.items()
            if _normal(path) in packages and package.config.release_type == "python"
        }
        in_scope: dict[str, Candidate] = {}
        out_of_scope: list[Candidate] = []
        for candidate in candidates:
            member = _normal(candidate.path)
            if candidate.pull_request.version is not None and member in configured:
                in_scope[packages[member].name] = candidate
            else:
                out_of_scope.append(candidate)
        if not in_scope:
            return list(candidates)
        by_name = {p.name: p for p in packages.values()}
        versions: dict[str, Version] = {}
        for name, candidate in in_scope.items():
            if candidate.pull_request.version is not None:
                versions[name] = candidate.pull_request.version
        _check_cycles(by_name, set(versions))
        self._cascade(by_name, versions, configured)
        for name in versions:
            if by_name[name].dynamic:
                raise _dynamic_error(by_name[name])
        pins = {name: _pep440(str(v), by_name[name]) for name, v in versions.items()}
        changed = {
            p.name: changes for p in packages.values() if (changes := self._changes(p, pins))
        }
        result: dict[str, Candidate] = {}
        for name in sorted(versions):
            package = by_name[name]
            existing = in_scope.get(name)
            if existing is None:
                existing = self._new_candidate(configured[package.path], versions[name])
            result[name] = _with_changes(existing, package, pins, changed.get(name, []))
        for name, changes in changed.items():
            if name in result:
                continue
            # a member outside the release-please packages: rewritten, not released
            moved = sorted({c.name for c in changes})
            host = result[moved[0]]
            update = Update(by_name[name].pyproject, (PyProjectDependencies(_pairs(pins)),))
            pr = host.pull_request
            result[moved[0]] = replace(
                host, pull_request=replace(pr, updates=[*pr.updates, update])
            )
        return [*out_of_scope, *result.values()]

    def _cascade(
        self,
        by_name: Mapping[str, PythonPackage],
        versions: dict[str, Version],
        configured: Mapping[str, str],
    ) -> None:
        """Add a patch release to ``versions`` for every member whose requirements must move."""
        queue = list(versions)
        while queue:
            moved = queue.pop(0)
            pin = _pep440(str(versions[moved]), by_name[moved])
            for package in sorted(by_name.values(), key=lambda p: p.name):
                if package.name in versions or package.path not in configured:
                    continue
                if self._changes(package, {moved: pin}):
                    versions[package.name] = self._patch(package, configured[package.path])
                    queue.append(package.name)

    def _changes(self, package: PythonPackage, pins: Mapping[str, str]) -> list[RequirementChange]:
        """The requirements of ``package`` that ``pins`` rewrite."""
        if not any(package.requires(name) for name in pins):
            return []
        text = self.tree.read(package.pyproject) or ""
        try:
            return requirement_changes(text, pins)
        except UpdaterError as exc:
            raise ConfigError(package.pyproject, str(exc)) from None

    def _patch(self, package: PythonPackage, path: str) -> Version:
        """The next patch version of a member released only because a dependency moved."""
        if package.dynamic:
            raise _dynamic_error(package)
        strategy = self.strategies[path]
        latest = self.releases.get(path)
        current = latest.tag.version if latest is not None else None
        if current is None:
            try:
                current = Version.parse(package.version or "", self.scheme)
            except ValueError:
                raise ConfigError(
                    package.pyproject,
                    f"{NAME}: member {package.display_name!r} has no release and no version",
                    "add it to .release-please-manifest.json",
                ) from None
        bumped = strategy.versioning.bump(current, [])
        if self.scheme == "pep440":
            bumped = bumped.without_post_and_dev()
        return bumped.with_scheme(self.scheme)

    def _new_candidate(self, path: str, version: Version) -> Candidate:
        """The patch release of a member no commit released (release-please's newCandidate)."""
        config = self.context.packages[path].config
        pr = self.strategies[path].build_release_pull_request(
            [],
            self.releases.get(path),
            draft=config.draft_pull_request,
            labels=self.context.config.labels,
            new_version=version,
        )
        assert pr is not None  # noqa: S101 - a forced version always gives a release PR
        manifest = ReleasePleaseManifest(version=version, versions_map={path: version})
        pr.updates.append(Update(self.context.manifest_file, (manifest,)))
        return Candidate(path, config, pr)


def _with_changes(
    candidate: Candidate,
    package: PythonPackage,
    pins: Mapping[str, str],
    changes: Sequence[RequirementChange],
) -> Candidate:
    """``candidate`` with its requirements rewritten and its notes naming them (updateCandidate)."""
    if not changes:
        return candidate
    pr: ReleasePullRequest = candidate.pull_request
    notes = dependency_notes(changes)
    rewrite = PyProjectDependencies(_pairs(pins))
    updates: list[Update] = []
    for update in pr.updates:
        updaters = update.updaters
        if update.path == package.pyproject:
            updaters = (*updaters, rewrite)
        elif any(isinstance(u, Changelog) for u in updaters):
            updaters = tuple(
                replace(u, changelog_entry=append_dependencies_section(u.changelog_entry, notes))
                if isinstance(u, Changelog)
                else u
                for u in updaters
            )
        updates.append(replace(update, updaters=updaters))
    if not any(u.path == package.pyproject for u in updates):
        updates.append(Update(package.pyproject, (rewrite,)))
    releases = list(pr.releases)
    if releases:
        first = releases[0]
        releases[0] = replace(first, notes=append_dependencies_section(first.notes, notes))
    else:
        section = append_dependencies_section("", notes)
        releases.append(ReleaseData(package.display_name, pr.version, section))
    return replace(candidate, pull_request=replace(pr, updates=updates, releases=releases))


def dependency_notes(changes: Sequence[RequirementChange]) -> str:
    """The changelog lines for ``changes``, in release-please's workspace plugins' words.

    >>> from releasegate.engine.updaters.pyproject_dependencies import RequirementChange
    >>> key = ("project", "dependencies", 0)
    >>> change = RequirementChange(key, "core", "Core", "", "", "==1.0", "==1.1")
    >>> print(dependency_notes([change]))
    * The following workspace dependencies were updated
      * dependencies
        * Core bumped from ==1.0 to ==1.1
    """
    by_table: dict[str, list[str]] = {}
    for change in changes:
        table = table_name(change.key)
        line = (
            f"\n    * {change.display_name} bumped from {change.old_specifier} "
            f"to {change.new_specifier}"
        )
        lines = by_table.setdefault(table, [])
        if line not in lines:
            lines.append(line)
    text = "".join(f"\n  * {table}{''.join(lines)}" for table, lines in by_table.items())
    return f"* The following workspace dependencies were updated{text}" if text else ""


def append_dependencies_section(changelog: str, notes: str) -> str:
    r"""Add ``notes`` to a ``### Dependencies`` section of ``changelog`` (made when missing).

    release-please's ``appendDependenciesSectionToChangelog``, quirks included (an existing
    section followed by another gets the whole changelog injected, as theirs does).

    >>> append_dependencies_section("## 1.0.1", "* x")
    '## 1.0.1\n\n\n### Dependencies\n\n* x'
    """
    if not changelog:
        return f"### Dependencies\n\n{notes}"
    new_lines: list[str] = []
    seen_section = seen_spacer = injected = False
    for line in changelog.split("\n"):
        if seen_section:
            trimmed = line.strip()
            if seen_spacer and not injected and not trimmed.startswith("*"):
                new_lines.append(changelog)
                injected = True
            if trimmed == "":
                seen_spacer = True
        if "### Dependencies" in line:
            seen_section = True
        new_lines.append(line)
    if injected:
        return "\n".join(new_lines)
    if seen_section:
        return f"{changelog}\n{notes}"
    return f"{changelog}\n\n\n### Dependencies\n\n{notes}"


def _check_cycles(by_name: Mapping[str, PythonPackage], released: set[str]) -> None:
    """Raise for a cycle of runtime requirements among the members ``released`` reaches.

    release-please's workspace plugins fail the same way while ordering the dependents.
    """
    reached = set(released)
    queue = list(released)
    while queue:
        name = queue.pop()
        for other in by_name.values():
            if other.name not in reached and other.requires(name, runtime_only=True):
                reached.add(other.name)
                queue.append(other.name)
    cycle = find_cycle([by_name[n] for n in sorted(reached)])
    if cycle:
        raise cycle_error(cycle, _WHERE)


def _dynamic_error(package: PythonPackage) -> ConfigError:
    return ConfigError(
        package.pyproject,
        f"{NAME}: member {package.display_name!r} has a dynamic version, so its version and the "
        "requirements on it cannot be moved with its release",
        "write the version in [project].version, or remove the member from the release",
    )


def _pep440(version: str, package: PythonPackage) -> str:
    """``version`` as PEP 440 writes it (requirements compare PEP 440 versions)."""
    try:
        return str(Pep440Version(version))
    except InvalidVersion:
        raise ConfigError(
            package.pyproject,
            f"{NAME}: the next version {version!r} of {package.display_name!r} is not a PEP 440 "
            "version, so no requirement can name it",
            'set version-scheme = "pep440" in [tool.releasegate]',
        ) from None


def _pairs(pins: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(pins.items()))


def _normal(path: str) -> str:
    path = path.strip("/")
    while path.startswith("./"):
        path = path[2:]
    return path or ROOT
