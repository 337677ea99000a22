"""What a project's own tests need to run: its test requirements, found where it keeps them.

``init`` writes a ``test`` dependency group for the generated ``tests`` nox session. A group
holding only pytest and coverage cannot import the project's test dependencies
(launchdarkly's tests import ``aiohttp`` and ``mock`` from its ``dev`` group; open-feature's
``@pytest.mark.asyncio`` needs pytest-asyncio), so the group is built from what the project
declares, most authoritative first:

1. PEP 735 dependency groups ``tests``/``testing``/``dev`` (a ``test`` group is extended in
   place) and extras ``test``/``tests``/``testing``/``test-*`` (``dev`` when there is none):
   referenced, not copied (``{include-group = "dev"}``, ``"name[tests]"``), so they stay the
   one place the project keeps them;
2. otherwise the first source that lists any, copied: a tool's own dev dependencies (poetry
   groups, pdm, rye, uv's legacy ``dev-dependencies``, hatch environments), tox's ``[testenv]``
   ``deps`` and ``extras``, what an existing noxfile's test session installs, and
   ``requirements*.txt``/``test-requirements.txt``/``requirements/*.txt`` files named for
   tests or development;
3. always, the pytest plugins the pytest configuration or the tests themselves use
   (``asyncio_mode``, ``required_plugins``, ``--cov`` and ``-n`` in ``addopts``,
   ``@pytest.mark.asyncio``, the ``mocker`` fixture) that nothing above provides.

Copied requirements never include the project itself or its runtime dependencies: a line such
as ``pydantic<2`` in a test-matrix variant would pin what the project declares.
"""

from __future__ import annotations

import configparser
import re
import shlex
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import tomlkit
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from tomlkit.exceptions import TOMLKitError

from releasegate.adopt._requirement_files import (
    poetry_requirement,
    read_requirement_file,
    requirement_files,
    split_requirement_lines,
)
from releasegate.adopt.existing_noxfile import read_noxfile

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["TestRequirements", "detect_test_requirements"]

_GROUPS = ("tests", "testing", "dev")  # "test" is the group init writes: extended in place
_EXTRAS = ("test", "tests", "testing")
_EXTRA_PREFIXES = ("test-", "tests-", "testing-")
_INIT_GROUPS = frozenset({"lint", "typecheck", "release", "nox", "test"})
_TEST_SESSIONS = ("tests", "test", "unit", "unit_tests", "pytest")
# pytest ini keys, addopts flags and test-code patterns -> the plugin that provides them
_PLUGIN_KEYS = {
    "asyncio_mode": "pytest-asyncio",
    "asyncio_default_fixture_loop_scope": "pytest-asyncio",
    "asyncio_default_test_loop_scope": "pytest-asyncio",
    "timeout": "pytest-timeout",
    "timeout_method": "pytest-timeout",
    "env": "pytest-env",
    "django_settings_module": "pytest-django",
    "django_find_project": "pytest-django",
    "mock_use_standalone_module": "pytest-mock",
    "trio_mode": "pytest-trio",
    "qt_api": "pytest-qt",
    "reruns": "pytest-rerunfailures",
}
_PLUGIN_FLAGS = {
    "--cov": "pytest-cov",
    "--numprocesses": "pytest-xdist",
    "--dist": "pytest-xdist",
    "--maxprocesses": "pytest-xdist",
    "--timeout": "pytest-timeout",
    "--reruns": "pytest-rerunfailures",
    "--benchmark": "pytest-benchmark",
    "--mypy": "pytest-mypy",
    "--randomly": "pytest-randomly",
    "--html": "pytest-html",
    "--hypothesis": "hypothesis",
    "--asyncio-mode": "pytest-asyncio",
    "--snapshot": "syrupy",
    "--instafail": "pytest-instafail",
}
_PLUGIN_MODULES = {"xdist": "pytest-xdist", "pytest_asyncio": "pytest-asyncio",
                   "pytest_cov": "pytest-cov", "randomly": "pytest-randomly"}  # fmt: skip
_PLUGIN_CODE = (
    (re.compile(r"\bmark\.asyncio\b"), "pytest-asyncio"),
    (re.compile(r"\bmark\.trio\b"), "pytest-trio"),
    (re.compile(r"\bmark\.timeout\b"), "pytest-timeout"),
    (re.compile(r"\bmark\.django_db\b"), "pytest-django"),
    (re.compile(r"\bdef \w+\([^)]*\bmocker\b"), "pytest-mock"),
    (re.compile(r"\bdef \w+\([^)]*\bbenchmark\b"), "pytest-benchmark"),
    (re.compile(r"\bdef \w+\([^)]*\bhttpx_mock\b"), "pytest-httpx"),
)
_SKIP_DIRS = frozenset(
    {".git", ".nox", ".tox", ".venv", "venv", "node_modules", "build", "dist", "__pycache__"}
)
_MAX_SCANNED = 3000  # test files read for markers and fixtures; a monorepo stops here


@dataclass(frozen=True, slots=True)
class TestRequirements:
    """The project's own test requirements, as the ``test`` group will reference them.

    ``groups`` are dependency groups to include, ``extras`` the project's own extras to
    install with it, ``requirements`` PEP 508 strings copied from elsewhere (plugins too).
    ``provided`` holds every canonical name these bring, so init adds pytest or coverage only
    when missing; ``sources`` says where each part came from, for init's report.
    """

    __test__ = False  # not a pytest test class, whatever its name

    groups: tuple[str, ...] = ()
    extras: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()
    provided: frozenset[str] = frozenset()
    sources: tuple[str, ...] = ()


@dataclass(slots=True)
class _Found:
    source: str
    groups: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.groups or self.extras or self.requirements)


def detect_test_requirements(root: Path, *, tests_dir: str | None = None) -> TestRequirements:
    """Read the test requirements of the project at ``root`` (see the module docstring)."""
    pyproject = _load_toml(root / "pyproject.toml")
    project = _table(pyproject, "project")
    name = canonicalize_name(str(project.get("name", ""))) if project.get("name") else None
    runtime = {_name(r) for r in project.get("dependencies", []) if isinstance(r, str)}
    found = [f for f in (_own_groups(pyproject), _own_extras(project)) if f]
    if name is None:  # no [project] table: the project cannot be installed with its extras
        found = [f for f in found if not f.extras]
    if not found:
        for finder in (_tool_dev_dependencies, _tox, _noxfile, _files):
            if copied := finder(root, pyproject):
                copied.requirements = [
                    r for r in copied.requirements if _name(r) not in {name, *runtime}
                ]
                if name is None:
                    copied.extras = []
                if copied:
                    found.append(copied)
                    break
    groups = tuple(dict.fromkeys(g for f in found for g in f.groups))
    extras = tuple(dict.fromkeys(e for f in found for e in f.extras))
    requirements = list(dict.fromkeys(r for f in found for r in f.requirements))
    provided = _provided(pyproject, groups, extras, requirements)
    sources = [f.source for f in found]
    plugins: dict[str, list[str]] = {}
    for plugin, reason in _pytest_plugins(root, pyproject, tests_dir):
        if _name(plugin) not in provided:
            plugins.setdefault(plugin, []).append(reason)
    requirements += plugins
    sources += [f"{plugin} ({', '.join(reasons)})" for plugin, reasons in plugins.items()]
    provided |= {_name(p) for p in plugins}
    return TestRequirements(
        groups, extras, tuple(requirements), frozenset(provided), tuple(sources)
    )


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        return tomlkit.parse(path.read_text(encoding="utf-8")).unwrap()
    except (OSError, UnicodeDecodeError, TOMLKitError):
        return {}


def _table(data: Any, *keys: str) -> dict[str, Any]:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}


def _name(requirement: str) -> str:
    try:
        return canonicalize_name(Requirement(requirement).name)
    except InvalidRequirement:
        return requirement


def _own_groups(pyproject: dict[str, Any]) -> _Found:
    groups = {
        name: entries
        for name, entries in _table(pyproject, "dependency-groups").items()
        if not _written_by_init(entries)
    }
    chosen = [g for g in _GROUPS[:2] if g in groups] or [g for g in _GROUPS[2:] if g in groups]
    quoted = ", ".join(repr(g) for g in chosen)
    return _Found(f"dependency group {quoted}", groups=chosen)


def _written_by_init(entries: Any) -> bool:
    """A group of nothing but includes of init's groups: the ``dev`` group init wrote."""
    return isinstance(entries, list) and all(
        isinstance(e, dict) and e.get("include-group") in _INIT_GROUPS for e in entries
    )


def _own_extras(project: dict[str, Any]) -> _Found:
    extras = _table(project, "optional-dependencies")
    chosen = [e for e in extras if e in _EXTRAS or e.startswith(_EXTRA_PREFIXES)]
    if not chosen and "dev" in extras:
        chosen = ["dev"]
    return _Found("extra " + ", ".join(repr(e) for e in chosen), extras=chosen)


def _tool_dev_dependencies(root: Path, pyproject: dict[str, Any]) -> _Found:
    """Poetry groups, pdm, rye, uv's legacy list and hatch environments."""
    tool = _table(pyproject, "tool")
    found = _Found("")
    where: list[str] = []
    poetry = _table(tool, "poetry")
    tables = {f"[tool.poetry.group.{g}]": _table(poetry, "group", g, "dependencies")
              for g in ("test", "tests", "testing", "dev")}  # fmt: skip
    tables["[tool.poetry.dev-dependencies]"] = _table(poetry, "dev-dependencies")
    for label, table in tables.items():
        entries = [r for n, spec in table.items() if (r := poetry_requirement(n, spec))]
        if entries:
            found.requirements += entries
            where.append(label)
    lists: dict[str, Any] = {
        "[tool.rye] dev-dependencies": _table(tool, "rye").get("dev-dependencies"),
        "[tool.uv] dev-dependencies": _table(tool, "uv").get("dev-dependencies"),
    }
    pdm = _table(tool, "pdm", "dev-dependencies")
    lists |= {f"[tool.pdm.dev-dependencies] {g}": pdm.get(g) for g in (*_EXTRAS, "dev")}
    for env in ("default", "test", "tests", "hatch-test"):
        table = _table(tool, "hatch", "envs", env)
        lists[f"[tool.hatch.envs.{env}]"] = [
            *table.get("dependencies", []),
            *table.get("extra-dependencies", []),
        ]
        found.extras += [str(f) for f in table.get("features", [])]
    for label, entries in lists.items():
        if isinstance(entries, list) and entries:
            requirements = split_requirement_lines([str(e) for e in entries])
            found.requirements += requirements.requirements
            found.extras += requirements.extras
            where.append(label)
    if _table(tool, "rye").get("dev-dependencies"):
        found.extras += _rye_features(root, pyproject)
    found.source = ", ".join(where)
    return found


def _rye_features(root: Path, pyproject: dict[str, Any]) -> list[str]:
    """The extras rye's dev lock was made with (``rye sync --all-features`` or ``--features``)."""
    header = (_read(root / "requirements-dev.lock") or "").split("\n\n", 1)[0]
    if re.search(r"^#\s+all-features:\s*true\s*$", header, re.MULTILINE):
        return list(_table(pyproject, "project", "optional-dependencies"))
    listed = re.search(r"^#\s+features:\s*\[(?P<names>[^\]]*)\]", header, re.MULTILINE)
    names = listed["names"] if listed else ""
    return [n.strip().strip("'\"") for n in names.split(",") if n.strip()]


def _tox(root: Path, pyproject: dict[str, Any]) -> _Found:
    """Tox's base test environment: ``deps`` (with ``-r`` files read) and ``extras``."""
    toml = _load_toml(root / "tox.toml") or _table(pyproject, "tool", "tox")
    base = _table(toml, "env_run_base")
    if base:
        lines = [str(d) for d in base.get("deps", [])]
        extras = [str(e) for e in base.get("extras", [])]
        label = "tox.toml [env_run_base]" if (root / "tox.toml").is_file() else "[tool.tox]"
        return _tox_found(root, label, lines, extras)
    for path, section in ((root / "tox.ini", "testenv"), (root / "setup.cfg", "testenv")):
        text = _read(path)
        if text is None and path.name == "tox.ini":
            text = str(_table(pyproject, "tool", "tox").get("legacy_tox_ini", "")) or None
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            parser.read_string(text or "")
        except configparser.Error:
            continue
        if not parser.has_section(section):
            continue
        deps = _tox_substitute(parser, parser[section].get("deps", ""))
        lines = [ln for ln in deps.splitlines() if not re.match(r"^\s*[!\w.,{}-]+:\s", ln)]
        extras = re.split(r"[\s,]+", parser[section].get("extras", "").strip())
        return _tox_found(root, f"{path.name} [{section}]", lines, [e for e in extras if e])
    return _Found("")


def _tox_substitute(parser: configparser.ConfigParser, value: str) -> str:
    """``{[section]key}`` references and ``{toxinidir}``; factor-conditional lines stay out."""

    def reference(match: re.Match[str]) -> str:
        section, key = match[1], match[2]
        if parser.has_option(section, key):
            return parser[section][key]
        return ""

    value = re.sub(r"\{\[([^\]]+)\]([\w-]+)\}", reference, value)
    return value.replace("{toxinidir}/", "").replace("{toxinidir}", ".")


def _tox_found(root: Path, label: str, lines: list[str], extras: list[str]) -> _Found:
    requirements = split_requirement_lines(lines, base=root)
    return _Found(label, extras=[*extras, *requirements.extras],
                  requirements=requirements.requirements)  # fmt: skip


def _noxfile(root: Path, pyproject: dict[str, Any]) -> _Found:
    """What the existing noxfile's test session installs."""
    del pyproject
    noxfile = read_noxfile(root / "noxfile.py")
    if noxfile is None:
        return _Found("")
    session = next((s for n in _TEST_SESSIONS if (s := noxfile.session(n))), None)
    if session is None:
        session = next((s for s in noxfile.sessions if s.name.startswith("test")), None)
    if session is None:
        return _Found("")
    requirements = split_requirement_lines(_install_lines(session.installs), base=root)
    return _Found(
        f"noxfile.py session {session.name!r}",
        groups=list(session.groups),
        extras=[*session.extras, *requirements.extras],
        requirements=requirements.requirements,
    )


def _install_lines(arguments: tuple[str, ...]) -> list[str]:
    """``session.install`` arguments as requirement-file lines (``-r FILE`` kept together)."""
    lines: list[str] = []
    pending = ""
    for argument in arguments:
        if pending:
            lines.append(f"{pending} {argument}")
            pending = ""
        elif argument in {"-r", "--requirement", "-e", "--editable", "-c", "--constraint"}:
            pending = argument
        else:
            lines.append(argument)
    return lines


def _files(root: Path, pyproject: dict[str, Any]) -> _Found:
    """Requirement files named for tests or development."""
    del pyproject
    found = _Found("")
    paths = requirement_files(root)
    for path in paths:
        requirements = read_requirement_file(path, base=root)
        found.requirements += requirements.requirements
        found.extras += requirements.extras
    found.source = ", ".join(p.relative_to(root).as_posix() for p in paths)
    return found


def _provided(
    pyproject: dict[str, Any], groups: tuple[str, ...], extras: tuple[str, ...], copied: list[str]
) -> set[str]:
    """Canonical names the groups (with their includes), extras and copies bring."""
    names = {_name(r) for r in copied}
    all_groups = _table(pyproject, "dependency-groups")
    pending, seen = list(groups), set()
    while pending:
        group = pending.pop()
        if group in seen:
            continue
        seen.add(group)
        for entry in all_groups.get(group, []):
            if isinstance(entry, dict) and "include-group" in entry:
                pending.append(str(entry["include-group"]))
            elif isinstance(entry, str):
                names.add(_name(entry))
    project = _table(pyproject, "project")
    own = canonicalize_name(str(project.get("name", "")))
    optional = _table(project, "optional-dependencies")
    pending, seen = list(extras), set()
    while pending:
        extra = pending.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for entry in optional.get(extra, []):
            try:
                requirement = Requirement(str(entry))
            except InvalidRequirement:
                continue
            if canonicalize_name(requirement.name) == own:  # attrs[tests-no-zope]
                pending.extend(requirement.extras)
            else:
                names.add(canonicalize_name(requirement.name))
    return names


def _pytest_plugins(
    root: Path, pyproject: dict[str, Any], tests_dir: str | None
) -> list[tuple[str, str]]:
    """(plugin, why) for each plugin the pytest config or the tests use."""
    config = _pytest_config(root, pyproject)
    found: list[tuple[str, str]] = []
    for key, value in config.items():
        if key.lower() in _PLUGIN_KEYS:
            found.append((_PLUGIN_KEYS[key.lower()], f"pytest config: {key}"))
        elif key == "required_plugins":
            words = value if isinstance(value, list) else str(value).split()
            found += [(str(w), "pytest config: required_plugins") for w in words]
    words = _split_addopts(config.get("addopts", ""))
    for index, word in enumerate(words):
        flag = word.split("=", 1)[0]
        plugin = next((p for f, p in _PLUGIN_FLAGS.items() if flag.startswith(f)), None)
        if flag == "-n" or re.fullmatch(r"-n(auto|logical|\d+)", word):
            plugin = "pytest-xdist"
        if flag == "-p" and index + 1 < len(words):
            plugin = _PLUGIN_MODULES.get(words[index + 1])
        if plugin:
            found.append((plugin, f"pytest addopts: {word}"))
    for path in _test_files(root, tests_dir):
        text = _read(path) or ""
        for pattern, plugin in _PLUGIN_CODE:
            if pattern.search(text):
                found.append((plugin, f"used in {path.relative_to(root).as_posix()}"))
    return found


def _split_addopts(addopts: Any) -> list[str]:
    """``addopts`` as words, whether the config holds a string or a list."""
    parts = addopts if isinstance(addopts, list) else [addopts]
    return [word for part in parts for word in _shell_words(str(part))]


def _shell_words(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:  # an unbalanced quote: pytest would fail on it too
        return text.split()


def _pytest_config(root: Path, pyproject: dict[str, Any]) -> dict[str, Any]:
    """The pytest settings, from the file pytest itself would pick first."""
    for path, section in (
        (root / "pytest.ini", "pytest"),
        (root / ".pytest.ini", "pytest"),
    ):
        if (values := _ini_section(path, section)) is not None:
            return values
    tool = _table(pyproject, "tool", "pytest")
    if tool:  # [tool.pytest] (pytest 9) or [tool.pytest.ini_options]
        options = _table(tool, "ini_options")
        return options or {k: v for k, v in tool.items() if k != "ini_options"}
    for path, section in ((root / "tox.ini", "pytest"), (root / "setup.cfg", "tool:pytest")):
        if (values := _ini_section(path, section)) is not None:
            return values
    return {}


def _ini_section(path: Path, section: str) -> dict[str, Any] | None:
    text = _read(path)
    if text is None:
        return None
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    return dict(parser[section]) if parser.has_section(section) else None


def _test_files(root: Path, tests_dir: str | None) -> list[Path]:
    """Test modules and conftest files, the tests folder first, build output skipped."""
    start = [root / tests_dir] if tests_dir else []
    found: dict[Path, None] = {}
    for base in [*start, root]:
        stack = [base]
        while stack and len(found) < _MAX_SCANNED:
            directory = stack.pop()
            try:
                entries = sorted(directory.iterdir())
            except OSError:
                continue
            for entry in entries:
                if entry.is_dir() and entry.name not in _SKIP_DIRS and not entry.is_symlink():
                    stack.append(entry)
                elif entry.suffix == ".py" and (
                    entry.name.startswith("test_")
                    or entry.name.endswith("_test.py")
                    or entry.name == "conftest.py"
                ):
                    found[entry] = None
    return list(found)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
