"""``init`` on a monorepo: a uv workspace, or Python projects side by side, get one setup.

A **uv workspace** is a root ``pyproject.toml`` with ``[tool.uv.workspace]``: its members (the
``members`` globs minus ``exclude``, plus the root when it is a package itself) are released
one package each, with the ``uv-workspace`` plugin moving their pins on each other. **Projects
side by side** are a root with no project of its own and ``pyproject.toml`` files with
``[project]`` in its subdirectories (open-feature's python-sdk-contrib before it became a
workspace). :func:`detect_monorepo` finds either; :mod:`releasegate.adopt.scaffold` writes the
setup: one release-please package per member, one manifest, one noxfile whose ``tests`` session runs
every member's own tests in its own directory with its own test group.

A member is a package to release when uv would build it: ``tool.uv.package = true``, or a
``[build-system]`` and no ``tool.uv.package = false`` (a workspace root with a ``[project]``
only for its dependencies, as python-sdk-contrib's, is not one).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

from releasegate.adopt._setup_files import FileAction
from releasegate.adopt.dependency_groups import add_dependency_groups
from releasegate.adopt.project import KNOWN_PYTHONS, detect_project
from releasegate.adopt.project_tests import detect_test_requirements
from releasegate.adopt.release_options import WorkTree
from releasegate.adopt.templates import WIDTH, py_list
from releasegate.engine import git
from releasegate.engine.config import ROOT
from releasegate.engine.manifest import MANIFEST_FILE_NAME
from releasegate.engine.package_graph import (
    PythonPackage,
    pin_disagreements,
    pyproject_path,
    read_package,
    workspace_members,
)
from releasegate.engine.tag_name import DEFAULT_SEPARATOR, TagName
from releasegate.engine.updaters.uv_lock import local_versions, normalize_name
from releasegate.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from releasegate.adopt.project import Project
    from releasegate.adopt.project_tests import TestRequirements

__all__ = [
    "Member",
    "Monorepo",
    "detect_monorepo",
    "dynamic_members_error",
    "kept_config_notes",
    "member_groups",
    "monorepo_notes",
    "noxfile_values",
    "package_paths",
    "tag_style",
]

_PYPROJECT = "pyproject.toml"
# Directories whose pyproject.toml files are fixtures or examples, not projects side by side.
_NOT_PROJECTS = frozenset({"tests", "test", "testing", "docs", "doc", "examples", "fixtures"})
_MAX_DEPTH = 3  # projects side by side sit at most this many directories down


@dataclass(frozen=True, slots=True)
class Member:
    """A package of the monorepo: its directory, what ``init`` detects in it, its tests."""

    path: str  # relative to the root; "." for a root that is a package itself
    project: Project
    tests: TestRequirements

    @property
    def pyproject(self) -> str:
        """Its ``pyproject.toml``, relative to the root."""
        return pyproject_path(self.path)


@dataclass(frozen=True, slots=True)
class Monorepo:
    """The packages of a uv workspace (``workspace``) or of projects side by side.

    ``graph`` holds every workspace member as the release engine reads it (packages or not),
    for the pin checks ``doctor`` makes too; ``skipped`` names members that are no package.
    """

    root: Path
    workspace: bool
    members: tuple[Member, ...]
    graph: tuple[PythonPackage, ...] = ()
    skipped: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """How the report names it."""
        return "uv workspace" if self.workspace else "monorepo (projects side by side)"

    @property
    def root_member(self) -> Member | None:
        """The root's own package, when the root is one."""
        return next((m for m in self.members if m.path == ROOT), None)

    @property
    def pythons(self) -> tuple[str, ...]:
        """The Pythons every member supports (each member's when they share none)."""
        shared = [v for v in KNOWN_PYTHONS if all(v in m.project.pythons for m in self.members)]
        if shared:
            return tuple(shared)
        return tuple(v for v in KNOWN_PYTHONS if any(v in m.project.pythons for m in self.members))

    @property
    def python_floor(self) -> str | None:
        """The oldest Python the workspace's lock resolves for: the highest member floor."""
        floors = [m.project.python_floor for m in self.members if m.project.python_floor]
        return max(floors, key=lambda v: tuple(map(int, v.split(".")))) if floors else None


def detect_monorepo(root: Path) -> Monorepo | None:
    """The monorepo at ``root``, or None for a single project (see the module docstring).

    Raises ConfigError (exit 2) for a workspace table or member ``pyproject.toml`` that cannot
    be read, naming the file.
    """
    root = root.resolve()
    tree = WorkTree(root, {})
    paths = workspace_members(tree)
    workspace = paths is not None
    if paths is None:
        if _has_own_project(root):
            return None
        paths = _side_by_side(tree)
    members: list[Member] = []
    graph: list[PythonPackage] = []
    skipped: list[str] = []
    for path in paths:
        package = read_package(tree, path)
        if package is None:
            skipped.append(f"{pyproject_path(path)} (no [project] name)")
            continue
        graph.append(package)
        if not _is_package(tree, path, workspace=workspace):
            if path != ROOT:
                skipped.append(f"{pyproject_path(path)} (uv does not build it)")
            continue
        project = detect_project(root / path)
        if project.version_source == "tag":  # a member's own tags carry its component
            project = dataclasses.replace(project, version=_component_version(root, project))
        tests = detect_test_requirements(root / path, tests_dir=project.tests_dir)
        members.append(Member(path, project, tests))
    if all(m.path == ROOT for m in members):
        return None  # the root alone: a single project that happens to declare a workspace
    return Monorepo(root, workspace, tuple(members), tuple(graph) if workspace else (),
                    tuple(skipped))  # fmt: skip


def dynamic_members_error(monorepo: Monorepo, released: set[str]) -> UsageError | None:
    """The refusal for workspace members with a dynamic version among the ``released`` paths.

    The ``uv-workspace`` plugin moves a member's version and the pins on it with each release,
    which a version computed at build time (hatch-vcs, a version file read by the backend)
    does not allow: the first release PR would stop. So ``init`` stops first.
    """
    dynamic = [p for p in monorepo.graph if p.dynamic and p.path in released]
    if not monorepo.workspace or not dynamic:
        return None
    names = ", ".join(f"{p.display_name} ({p.pyproject})" for p in dynamic)
    return UsageError(
        f"{names}: a dynamic version, which the uv-workspace plugin cannot move with a release "
        "of the workspace; write the version in [project] version, or add the member to "
        "[tool.uv.workspace] exclude, then run init again"
    )


def tag_style(root: Path, members: tuple[Member, ...]) -> tuple[str, bool]:
    """(separator, ``v`` prefix) of the members' existing component tags; ``("-", True)``.

    release-please tags a monorepo's packages ``<component>-v1.2.3``; a project that tags
    ``<component>/v1.2.3`` (python-sdk-contrib) or ``<component>-1.2.3`` keeps its format.
    """
    names = {m.project.name for m in members}
    styles: Counter[tuple[str, bool]] = Counter()
    for tag in git.list_tags(root):
        parsed = TagName.parse(tag.name)
        if parsed is not None and parsed.component in names:
            styles[parsed.separator, parsed.include_v] += 1
    return styles.most_common(1)[0][0] if styles else (DEFAULT_SEPARATOR, True)


def noxfile_values(monorepo: Monorepo) -> dict[str, str]:
    """The placeholders of ``noxfile_monorepo.py.tmpl``."""
    typecheck = [
        f"{m.path}/{p}" if m.path != ROOT else p
        for m in monorepo.members
        for p in (m.project.packages or (".",))
    ]
    return {
        "pythons": py_list("PYTHONS", monorepo.pythons),
        "pythons_source": "their classifiers or requires-python",
        "lint_paths": py_list("LINT_PATHS", ["."]),
        "typecheck_paths": py_list("TYPECHECK_PATHS", [p.removesuffix("/.") for p in typecheck]),
        "packages": _packages_literal(monorepo.members),
        "workspace": str(monorepo.workspace),
    }


def _packages_literal(members: tuple[Member, ...]) -> str:
    """``PACKAGES = (...)``: one ``Package(...)`` a line, or exploded when it is too wide."""
    lines = []
    for member in members:
        command: tuple[str, ...] = ()
        if member.project.tests_dir is not None:
            # at the root, pytest would collect the other members' tests too
            command = ("pytest", member.project.tests_dir) if member.path == ROOT else ("pytest",)
            if member.project.test_runner == "unittest":
                command = ("unittest", "discover", "-s", member.project.tests_dir)
        fields = [
            _repr(member.path),
            _repr(member.project.name),
            f"extras={_tuple(member.tests.extras)}",
            f"tests={_tuple(command)}",
        ]
        one_line = f"    Package({', '.join(fields)}),"
        if len(one_line) <= WIDTH:
            lines.append(one_line)
        else:
            lines.append("    Package(\n" + "".join(f"        {f},\n" for f in fields) + "    ),")
    return "(\n" + "\n".join(lines) + "\n)"


def _repr(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _tuple(items: tuple[str, ...]) -> str:
    if len(items) == 1:
        return f"({_repr(items[0])},)"
    return "(" + ", ".join(_repr(i) for i in items) + ")"


def member_groups(monorepo: Monorepo) -> tuple[list[FileAction], list[str]]:
    """Each member's ``test`` dependency group (the root's own comes with the root's groups).

    The group holds what the member's tests need (its own groups included, requirements found
    elsewhere copied, pytest and coverage); its extras are not in it but in ``PACKAGES``, as
    ``uv sync --package --extra`` (or ``pip install -e 'path[extras]'``) installs them.
    """
    files: list[FileAction] = []
    sources: dict[str, list[str]] = {}  # where the requirements come from -> members
    for member in monorepo.members:
        if member.tests.sources:
            sources.setdefault("; ".join(member.tests.sources), []).append(member.project.name)
        if member.path == ROOT:
            continue
        path = monorepo.root / member.pyproject
        text = path.read_text(encoding="utf-8")
        try:
            doc = tomlkit.parse(text)
        except TOMLKitError as exc:
            raise UsageError(f"{member.pyproject}: not valid TOML ({exc}); fix it") from None
        add_dependency_groups(
            doc,
            name=member.project.name,
            itself=False,
            runner=member.project.test_runner,
            tests=dataclasses.replace(member.tests, extras=()),
            python_floor=member.project.python_floor,
            scope="test",
        )
        new = tomlkit.dumps(doc)
        if new == text:
            files.append(FileAction(member.pyproject, "unchanged"))
        else:
            files.append(FileAction(member.pyproject, "update", new, note="test dependency group"))
    notes = []
    for where, names in sources.items():
        if len(names) == len(monorepo.members):
            whose = "each package with its"
        else:
            whose = f"{', '.join(names)} with {'its' if len(names) == 1 else 'their'}"
        notes.append(f"the tests session installs {whose} own test requirements: {where}")
    return files, notes


def monorepo_notes(
    monorepo: Monorepo, versions: Mapping[str, str], *, tags: Mapping[str, str]
) -> list[str]:
    """What the maintainer should know about the members, one line each.

    ``versions`` is the manifest ``init`` leaves (path → version); ``tags`` maps a member's
    path to the tag its current version needs, for a written config (empty for a kept one).
    """
    notes = []
    if monorepo.skipped:
        notes.append(f"not released (no package to build): {', '.join(monorepo.skipped)}")
    if not monorepo.workspace:
        notes.append(
            "the projects are no uv workspace: uv.lock pins the tools only (for the Python that "
            "runs 'uv lock', as the root has no [project]), and the tests session installs the "
            "projects and each one's test group with 'uv pip install', unpinned; a "
            "[tool.uv.workspace] table would lock them too"
        )
    untested = [m.project.name for m in monorepo.members if m.project.tests_dir is None]
    if untested:
        notes.append(f"no tests folder in {', '.join(untested)}: the tests session skips them")
    unreadable = [m.project.name for m in monorepo.members if not m.project.has_readme]
    if unreadable:
        notes.append(
            f"no readme in the metadata of {', '.join(unreadable)}: twine check --strict "
            'refuses a distribution without a long description; add readme = "README.md"'
        )
    existing = {t.name for t in git.list_tags(monorepo.root)}
    missing = [(tag, versions[path]) for path, tag in tags.items()
               if tag not in existing and versions.get(path) not in {None, "0.0.0"}]  # fmt: skip
    if missing:
        first, version = missing[0]
        # one tag for every package's release (supabase-py's v2.30.0) marks the commit
        shared = next((t for t in (f"v{version}", version) if t in existing), None)
        commit = f"{shared}^{{}}" if shared else "<sha>"
        notes.append(
            f"no tag {', '.join(t for t, _ in missing)}: tag the commit of each release ('git "
            f"tag {first} {commit}'), or the first release PR lists every commit so far"
        )
    notes += _pin_notes(monorepo, versions)
    stale = _stale_lock(monorepo)
    if stale:
        notes.append(stale)
    return notes


def _pin_notes(monorepo: Monorepo, versions: Mapping[str, str]) -> list[str]:
    """Requirements between members that do not admit the manifest: doctor's warnings."""
    _, found = pin_disagreements(monorepo.graph, versions)
    return [d.describe(MANIFEST_FILE_NAME) for d in found]


def _stale_lock(monorepo: Monorepo) -> str | None:
    """One line when ``uv.lock`` records other versions of the members than they declare.

    The release PR moves each released member's entry in ``uv.lock`` (``update-lockfile``) from
    the version its ``pyproject.toml`` says: a lock that lags behind fails ``uv lock --check``
    before and after. ``init`` does not relock; it says so.
    """
    path = monorepo.root / "uv.lock"
    if not monorepo.workspace or not path.is_file():
        return None
    locked = local_versions(path.read_text(encoding="utf-8"))
    missing: list[str] = []
    lagging: dict[tuple[str | None, str], list[str]] = {}  # (locked, declared) -> names
    for package in monorepo.graph:
        if package.version is None:
            continue
        name = normalize_name(package.name)
        if name not in locked:
            missing.append(package.display_name)
        elif locked[name] != package.version:
            lagging.setdefault((locked[name], package.version), []).append(package.display_name)
    parts = [f"{', '.join(names)} at {old} where pyproject.toml says {new}"
             for (old, new), names in lagging.items()]  # fmt: skip
    if missing:
        parts.append(f"nothing for {', '.join(missing)}")
    if not parts:
        return None
    return (
        f"uv.lock is stale: it records {'; '.join(parts)}; run 'uv lock' and commit it before "
        "the first release (init does not relock)"
    )


def kept_config_notes(monorepo: Monorepo, config: Mapping[str, Any], config_file: str) -> list[str]:
    """What a kept release-please config means for the workspace, one line each.

    Its packages that are members get the plugin's pins and versions, so ``extra-files`` on a
    member's ``pyproject.toml`` are no longer needed; a config releasing the whole workspace as
    one package that is no project (supabase-py's ``.``, a root without ``[project]``) gives
    ``publish-release`` nothing to build and the plugin nothing to do.
    """
    if not monorepo.workspace:
        return []
    packages = config.get("packages")
    packages = packages if isinstance(packages, dict) else {}
    members = {m.path: m for m in monorepo.members}
    configured = set(package_paths(config)) & members.keys()
    pyprojects = {m.pyproject for m in monorepo.members}
    pins: dict[str, list[str]] = {}
    for path, options in packages.items():
        entries = options.get("extra-files", []) if isinstance(options, dict) else []
        for entry in entries if isinstance(entries, list) else []:
            target = entry.get("path") if isinstance(entry, dict) else entry
            jsonpath = entry.get("jsonpath") if isinstance(entry, dict) else None
            full = _join(_normal(path), str(target)) if target else None
            if full in pyprojects and not jsonpath:  # a marker file: the pin lines
                pins.setdefault(_normal(path), []).append(full)
    notes = []
    files = ", ".join(sorted({f for v in pins.values() for f in v}))
    projects = {p.path for p in monorepo.graph}
    alone = [repr(p) for p in packages if _normal(p) not in projects]
    if alone and not configured:
        moved = f" (and the extra-files on {files} unnecessary)" if files else ""
        notes.append(
            f"{config_file} releases the workspace as {', '.join(alone)}, which is no package "
            "(no [project]): publish-release cannot build it and the uv-workspace plugin moves "
            "nothing for it; give each member a package of its own (its directory as path, its "
            f"name as component), which makes the plugin move their versions and pins{moved}"
        )
    elif files:
        notes.append(
            f"{config_file}: extra-files {files} move members' pins, which the uv-workspace "
            "plugin now moves: they are unnecessary, remove them"
        )
    unconfigured = [m.project.name for path, m in members.items() if path not in configured]
    if configured and unconfigured:
        notes.append(
            f"{config_file} has no package for {', '.join(unconfigured)}: not released; the "
            "plugin only rewrites their requirements on released members"
        )
    return notes


def package_paths(config: Mapping[str, Any]) -> list[str]:
    """The package paths of a release-please config, normalised (``./core/`` is ``core``)."""
    packages = config.get("packages")
    return [_normal(str(path)) for path in packages] if isinstance(packages, dict) else []


def _normal(path: str) -> str:
    path = path.strip().strip("/")
    while path.startswith("./"):
        path = path[2:]
    return path or ROOT


def _join(base: str, path: str) -> str:
    if path.startswith("/"):
        return path.lstrip("/")
    return path if base == ROOT else f"{base}/{path}"


def _has_own_project(root: Path) -> bool:
    """Whether the root is a project itself (``[project]``, poetry, setup.cfg or setup.py)."""
    if (root / "setup.py").is_file():
        return True
    setup_cfg = _read(root / "setup.cfg") or ""
    if re.search(r"^\[metadata\][^\[]*^name\s*=", setup_cfg, re.MULTILINE):
        return True
    data = _toml(root / _PYPROJECT)
    tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    project = data.get("project")
    return (isinstance(project, dict) and bool(project.get("name"))) or (
        isinstance(poetry, dict) and bool(poetry.get("name"))
    )


def _side_by_side(tree: WorkTree) -> list[str]:
    """Directories with a ``pyproject.toml`` under the root, outside fixtures, none nested."""
    found: list[str] = []
    for path in sorted(tree.paths_named(_PYPROJECT), key=lambda p: (p.count("/"), p)):
        directory, _, _ = path.rpartition("/")
        parts = directory.split("/")
        if not directory or len(parts) > _MAX_DEPTH:
            continue
        if any(p in _NOT_PROJECTS or p.startswith(".") for p in parts):
            continue
        if any(directory.startswith(f"{d}/") for d in found):
            continue
        found.append(directory)
    return sorted(found)


def _is_package(tree: WorkTree, path: str, *, workspace: bool) -> bool:
    """Whether uv builds the member (see the module docstring)."""
    data = _parse(tree.read(pyproject_path(path)) or "")
    tool = data.get("tool")
    uv = tool.get("uv") if isinstance(tool, dict) else None
    package = uv.get("package") if isinstance(uv, dict) else None
    if isinstance(package, bool):
        return package
    return not workspace or "build-system" in data


def _component_version(root: Path, project: Project) -> str:
    """The newest version among the member's own tags (``core-v1.2.0``), else its version."""
    for tag in git.list_tags(root):
        parsed = TagName.parse(tag.name)
        if parsed is not None and parsed.component == project.name:
            return str(parsed.version)
    return project.version


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _toml(path: Path) -> dict[str, Any]:
    return _parse(_read(path) or "")


def _parse(text: str) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomlkit.parse(text).unwrap()
    except TOMLKitError:
        return {}
    return data
