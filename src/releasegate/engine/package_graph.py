"""The Python packages of a repository, and the order in which they require each other.

Read from a git tree, never written: each package's ``pyproject.toml`` gives its name (compared
after PEP 503 normalisation), its version (or that it is dynamic) and the requirements it
declares, parsed as PEP 508 with ``packaging``: ``[project] dependencies``, ``[project]
optional-dependencies`` and ``[dependency-groups]``. The root ``pyproject.toml``'s
``[tool.uv.workspace]`` (``members`` globs, ``exclude``) says which directories form a uv
workspace. :func:`dependency_order` puts packages in the order they must reach an index: a
package after every package it requires.

>>> core = PythonPackage("core", "core", "core", "1.0.0", dynamic=False, requirements=())
>>> req = DeclaredRequirement(("project", "dependencies", 0), "core == 1.0.0", "core")
>>> ext = PythonPackage("ext", "ext", "ext", "1.0.0", dynamic=False, requirements=(req,))
>>> [p.name for p in dependency_order([ext, core])]
['core', 'ext']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import tomlkit
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion
from packaging.version import Version as Pep440Version
from tomlkit.exceptions import TOMLKitError

from releasegate.engine._glob import glob_match
from releasegate.engine.config import ROOT
from releasegate.errors import ConfigError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

__all__ = [
    "DeclaredRequirement",
    "PinDisagreement",
    "PythonPackage",
    "TreeReader",
    "cycle_error",
    "dependency_order",
    "find_cycle",
    "pin_disagreements",
    "pyproject_path",
    "read_package",
    "table_name",
    "workspace_members",
]

_PYPROJECT = "pyproject.toml"


class TreeReader(Protocol):
    """What is read from a commit: a file's text, and the paths of files with a given name."""

    def read(self, path: str) -> str | None:
        """The text of the file at ``path``, None when there is none."""
        ...

    def paths_named(self, filename: str) -> list[str]:
        """Every path whose last component is ``filename``."""
        ...


@dataclass(frozen=True, slots=True)
class DeclaredRequirement:
    """One requirement string of a ``pyproject.toml``: where it is, as written, and on what.

    ``key`` is its TOML path (``("project", "dependencies", 0)``); ``name`` the PEP 503 name it
    requires. Requirements in ``[dependency-groups]`` are never published (``runtime`` False).
    """

    key: tuple[str | int, ...]
    text: str
    name: str

    @property
    def runtime(self) -> bool:
        """Whether the requirement is part of the published metadata (``[project]``)."""
        return self.key[0] == "project"


@dataclass(frozen=True, slots=True)
class PythonPackage:
    """A package's ``pyproject.toml``, as far as releases of several packages need it.

    ``path`` is the package directory (``.`` for the root); ``name`` is PEP 503 normalised,
    ``display_name`` as written; ``version`` is None when it is dynamic or missing.
    """

    path: str
    name: str
    display_name: str
    version: str | None
    dynamic: bool
    requirements: tuple[DeclaredRequirement, ...]

    @property
    def pyproject(self) -> str:
        """The path of its ``pyproject.toml`` in the repository."""
        return pyproject_path(self.path)

    def requires(self, name: str, *, runtime_only: bool = False) -> bool:
        """Whether it declares a requirement on the package named ``name`` (normalised)."""
        return any(r.name == name and (r.runtime or not runtime_only) for r in self.requirements)


@dataclass(frozen=True, slots=True)
class PinDisagreement:
    """A member's requirement on another member that does not admit that member's version."""

    package: PythonPackage  # whose requirement it is
    requirement: DeclaredRequirement
    required: PythonPackage  # the package it names
    version: str  # the version it does not admit

    def describe(self, manifest: str) -> str:
        """The finding in one line, the version read from the manifest file ``manifest``."""
        return (
            f"{self.package.pyproject}: {self.requirement.text!r} does not admit "
            f"{self.required.display_name} {self.version}, the version in {manifest}; write a "
            "requirement that admits it"
        )


def pin_disagreements(
    packages: Sequence[PythonPackage], versions: Mapping[str, str]
) -> tuple[int, list[PinDisagreement]]:
    """Check every requirement between ``packages`` against ``versions`` (by package path).

    Returns how many requirements were checked and those that do not admit the version of the
    package they name (pre-releases admitted, as a release PR may set one). A package without
    a version in ``versions``, or a version PEP 440 cannot read, is not checked.

    >>> core = PythonPackage("core", "core", "core", "1.1.0", dynamic=False, requirements=())
    >>> req = DeclaredRequirement(("project", "dependencies", 0), "core == 1.0.0", "core")
    >>> ext = PythonPackage("ext", "ext", "ext", "1.0.0", dynamic=False, requirements=(req,))
    >>> checked, found = pin_disagreements([core, ext], {"core": "1.1.0", "ext": "1.0.0"})
    >>> checked, [(d.package.name, d.requirement.text, d.version) for d in found]
    (1, [('ext', 'core == 1.0.0', '1.1.0')])
    """
    released = {p.name: (p, versions[p.path]) for p in packages if p.path in versions}
    checked = 0
    found: list[PinDisagreement] = []
    for package in packages:
        for requirement in package.requirements:
            if requirement.name not in released or requirement.name == package.name:
                continue
            required, version = released[requirement.name]
            try:
                admitted = Requirement(requirement.text).specifier.contains(
                    Pep440Version(version), prereleases=True
                )
            except InvalidVersion:
                continue  # a version PEP 440 cannot read: no requirement can name it anyway
            checked += 1
            if not admitted:
                found.append(PinDisagreement(package, requirement, required, version))
    return checked, found


def table_name(key: Sequence[str | int]) -> str:
    """Where a requirement at TOML ``key`` is declared, in words (``dependencies``, ...).

    >>> table_name(("dependency-groups", "dev", 0))
    'dependency-groups (dev)'
    """
    if tuple(key[:2]) == ("project", "dependencies"):
        return "dependencies"
    if tuple(key[:2]) == ("project", "optional-dependencies"):
        return f"optional-dependencies ({key[2]})"
    return f"dependency-groups ({key[1]})"


def pyproject_path(path: str) -> str:
    """The ``pyproject.toml`` of the package at ``path`` (``.`` is the repository root)."""
    path = path.strip("/")
    return _PYPROJECT if path in {"", ROOT} else f"{path}/{_PYPROJECT}"


def read_package(tree: TreeReader, path: str) -> PythonPackage | None:
    """Read the package at ``path``; None without a ``pyproject.toml`` or ``[project]`` name.

    Raises ConfigError, naming the file and the entry, for a file that is not valid TOML and for
    a requirement that is not PEP 508.
    """
    where = pyproject_path(path)
    text = tree.read(where)
    if text is None:
        return None
    data = _parse(text, where)
    project = data.get("project")
    if not isinstance(project, dict) or not isinstance(project.get("name"), str):
        return None
    version = project.get("version")
    dynamic = project.get("dynamic")
    is_dynamic = isinstance(dynamic, list) and "version" in dynamic
    strings: list[tuple[tuple[str | int, ...], Any]] = []
    strings += _strings(("project", "dependencies"), project.get("dependencies"))
    optional = project.get("optional-dependencies")
    for extra, values in optional.items() if isinstance(optional, dict) else ():
        strings += _strings(("project", "optional-dependencies", extra), values)
    groups = data.get("dependency-groups")
    for group, values in groups.items() if isinstance(groups, dict) else ():
        strings += _strings(("dependency-groups", group), values)
    requirements = []
    for key, value in strings:
        try:
            name = canonicalize_name(Requirement(value).name)
        except InvalidRequirement as exc:
            dotted = ".".join(str(k) for k in key[:-1]) + f"[{key[-1]}]"
            detail = str(exc).splitlines()[0]
            raise ConfigError(
                where,
                f"{dotted}: {value!r} is not a PEP 508 requirement ({detail})",
                "fix the requirement",
            ) from None
        requirements.append(DeclaredRequirement(key, value, name))
    return PythonPackage(
        path=path.strip("/") or ROOT,
        name=canonicalize_name(project["name"]),
        display_name=project["name"],
        version=version if isinstance(version, str) and not is_dynamic else None,
        dynamic=is_dynamic,
        requirements=tuple(requirements),
    )


def workspace_members(tree: TreeReader) -> list[str] | None:
    """The directories of the uv workspace rooted at the tree's root; None when there is none.

    ``[tool.uv.workspace] members`` globs (minus ``exclude``) are matched against every
    directory holding a ``pyproject.toml``; the root is a member when it has a ``[project]``.
    Paths are sorted, the root (``.``) first.
    """
    text = tree.read(_PYPROJECT)
    if text is None:
        return None
    data = _parse(text, _PYPROJECT)
    tool = data.get("tool")
    uv = tool.get("uv") if isinstance(tool, dict) else None
    workspace = uv.get("workspace") if isinstance(uv, dict) else None
    if not isinstance(workspace, dict):
        return None
    members = _patterns(workspace, "members")
    exclude = _patterns(workspace, "exclude")
    found = [ROOT] if isinstance(data.get("project"), dict) else []
    for path in tree.paths_named(_PYPROJECT):
        directory = path.rpartition("/")[0]
        if not directory:
            continue
        directory = _normal(directory)
        if any(glob_match(_normal(p), directory) for p in members) and not any(
            glob_match(_normal(p), directory) for p in exclude
        ):
            found.append(directory)
    return sorted(set(found), key=lambda p: (p != ROOT, p))


def dependency_order(
    packages: Sequence[PythonPackage], *, where: str = _PYPROJECT
) -> list[PythonPackage]:
    """``packages`` with each one after every other one it requires (runtime requirements).

    The order is otherwise kept. Raises ConfigError at ``where`` naming the cycle when packages
    require each other.
    """
    by_name = {p.name: p for p in packages}
    placed: dict[str, PythonPackage] = {}
    remaining = list(packages)
    while remaining:
        for package in remaining:
            needs = {r.name for r in package.requirements if r.runtime} & by_name.keys()
            if needs - {package.name} <= placed.keys():
                placed[package.name] = package
                remaining.remove(package)
                break
        else:
            raise cycle_error(find_cycle(remaining), where)
    return list(placed.values())


def find_cycle(packages: Iterable[PythonPackage]) -> list[str]:
    """A cycle of runtime requirements among ``packages`` (names, first repeated last); [] if none.

    >>> a = PythonPackage("a", "a", "a", "1", dynamic=False,
    ...     requirements=(DeclaredRequirement(("project", "dependencies", 0), "b", "b"),))
    >>> b = PythonPackage("b", "b", "b", "1", dynamic=False,
    ...     requirements=(DeclaredRequirement(("project", "dependencies", 0), "a>1", "a"),))
    >>> find_cycle([a, b])
    ['a', 'b', 'a']
    """
    by_name = {p.name: p for p in packages}
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> list[str]:
        if name in path:
            return [*path[path.index(name) :], name]
        if name in done:
            return []
        for requirement in by_name[name].requirements:
            if requirement.runtime and requirement.name in by_name and requirement.name != name:
                found = visit(requirement.name, [*path, name])
                if found:
                    return found
        done.add(name)
        return []

    for name in by_name:
        found = visit(name, [])
        if found:
            return found
    return []


def cycle_error(cycle: Sequence[str], where: str) -> ConfigError:
    """The one-line error for packages that require each other in ``cycle``."""
    return ConfigError(
        where,
        f"packages require each other in a cycle: {' -> '.join(cycle)}",
        "remove one of these requirements; a package can only reach an index after the "
        "packages it requires",
    )


def _strings(key: tuple[str | int, ...], values: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """The string entries of a requirement array (``{include-group = ...}`` tables skipped)."""
    if not isinstance(values, list):
        return []
    return [((*key, i), v) for i, v in enumerate(values) if isinstance(v, str)]


def _patterns(table: dict[str, Any], key: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(
            _PYPROJECT,
            f"tool.uv.workspace.{key}: expected a list of glob strings, got {value!r}",
            "fix the workspace table",
        )
    return value


def _normal(path: str) -> str:
    """A relative path without ``./`` and trailing slashes."""
    while path.startswith("./"):
        path = path[2:]
    return path.rstrip("/")


def _parse(text: str, where: str) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomlkit.parse(text).unwrap()
    except (TOMLKitError, ValueError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(where, f"not valid TOML ({detail})", "fix its syntax") from None
    return data
