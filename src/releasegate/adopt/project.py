"""What ``init`` learns about an existing Python project: name, version, layout, tests, Pythons.

Detection only reads files and git; it never writes. Each fact comes from the first source that
has it, in the order a maintainer would look:

- name: ``[project]``, ``[tool.poetry]``, ``setup.cfg`` ``[metadata]``, ``setup.py``;
- version: the same tables, then ``__init__.py``/``version.py``/``_version.py`` of the import
  package, then the last release tag; ``dynamic = ["version"]`` with hatch-vcs or
  setuptools-scm makes it a *dynamic* version (tags only, no file to edit);
- Pythons: the ``Programming Language :: Python :: 3.X`` classifiers, else ``requires-python``;
- the default branch and the GitHub repository from git.
"""

from __future__ import annotations

import configparser
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import tomlkit
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from tomlkit.exceptions import TOMLKitError

from releasegate.engine import git
from releasegate.engine.tag_name import TagName
from releasegate.errors import UsageError
from releasegate.forge.target import origin_on_github

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["KNOWN_PYTHONS", "Project", "detect_project", "github_repository"]

#: The CPython versions a matrix may name, oldest first.
KNOWN_PYTHONS = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14")
_CLASSIFIER = re.compile(r"Programming Language :: Python :: (3\.\d+)$")
_ASSIGN_VERSION = re.compile(
    r"""^__version__\s*(?::\s*str\s*)?=\s*['"](?P<version>[^'"]+)['"]""", re.MULTILINE
)
_SETUP_KW = r"""\b{key}\s*=\s*['"](?P<value>[^'"]+)['"]"""
_NOT_PACKAGES = {"tests", "test", "docs", "doc", "examples", "scripts", "benchmarks", "build"}

Metadata = Literal["project", "poetry", "setup.cfg", "setup.py"]


@dataclass(frozen=True, slots=True)
class Project:
    """An existing Python project, as ``init`` adapts the setup to it.

    ``version_source`` names where the version lives (``pyproject.toml``, a package file such as
    ``src/pkg/_version.py``, ``tag`` or ``none``); ``dynamic_version`` names the plugin that
    derives it from git (``hatch-vcs``, ``setuptools-scm``), in which case releases only tag.
    """

    root: Path
    name: str
    version: str
    metadata: Metadata
    version_source: str
    dynamic_version: str | None
    layout: Literal["src", "flat"]
    packages: tuple[str, ...]  # import packages, as paths relative to root
    tests_dir: str | None
    test_runner: Literal["pytest", "unittest"]
    pythons: tuple[str, ...]
    pythons_from_classifiers: bool
    branch: str
    repository: str | None  # owner/name on GitHub
    has_uv_lock: bool
    has_readme: bool  # a long description, which ``twine check --strict`` requires
    python_floor: str | None = None  # the oldest Python requires-python allows, if it says


def detect_project(root: Path) -> Project:
    """Inspect the project at ``root``; raise UsageError when it is not a Python git project."""
    root = root.resolve()
    if not root.is_dir():
        raise UsageError(f"{root}: no such directory; give the path of a Python project")
    top = git.run(root, "rev-parse", "--show-toplevel", check=False)
    if top.returncode != 0:
        raise UsageError(f"{root}: not a git repository; run 'git init' there first")
    python_files = ("pyproject.toml", "setup.cfg", "setup.py")
    # a monorepo's root may hold no project of its own, only projects in its subdirectories
    monorepo = any(root.glob("*/pyproject.toml")) or any(root.glob("*/*/pyproject.toml"))
    if not any((root / f).is_file() for f in python_files) and not monorepo:
        raise UsageError(
            f"{root}: not a Python project (no pyproject.toml, setup.cfg or setup.py); "
            "run init in the project's root"
        )
    pyproject = _load_pyproject(root)
    setup_cfg = _load_setup_cfg(root)
    setup_py = _read(root / "setup.py")
    project = _table(pyproject, "project")
    poetry = _table(_table(pyproject, "tool"), "poetry")

    metadata: Metadata
    if project.get("name"):
        metadata, name = "project", str(project["name"])
    elif poetry.get("name"):
        metadata, name = "poetry", str(poetry["name"])
    elif setup_cfg.get("name"):
        metadata, name = "setup.cfg", setup_cfg["name"]
    elif setup_py and (match := re.search(_SETUP_KW.format(key="name"), setup_py)):
        metadata, name = "setup.py", match["value"]
    else:
        metadata, name = ("setup.py" if setup_py else "project"), root.name

    layout, packages = _packages(root, name)
    dynamic = _dynamic_version(pyproject, setup_cfg, setup_py or "")
    own = name.replace("-", "_").replace(".", "_")
    modules = tuple(m for m in (f"{own}.py", f"src/{own}.py") if (root / m).is_file())
    version, source = _version(root, project, poetry, setup_cfg, setup_py or "", packages, modules)
    if dynamic or not version or not source:
        # a generated _version.py or an unpacked sdist's PKG-INFO still says what was released
        fallback = (version, source) if version and source else _pkg_info_version(root)
        version, source = _tag_version(root) or fallback or ("0.0.0", "none")
    tests_dir = next((d for d in ("tests", "test", "testing") if (root / d).is_dir()), None)
    pythons, from_classifiers = _pythons(project, poetry, setup_cfg)
    spec = _requires_python(project, poetry, setup_cfg)
    return Project(
        root=root,
        name=name,
        version=version,
        metadata=metadata,
        version_source=source,
        dynamic_version=dynamic,
        layout=layout,
        packages=packages,
        tests_dir=tests_dir,
        test_runner=_test_runner(root, pyproject, tests_dir),
        pythons=pythons,
        pythons_from_classifiers=from_classifiers,
        branch=_default_branch(root),
        repository=github_repository(root),
        has_uv_lock=(root / "uv.lock").is_file(),
        has_readme=bool(
            project.get("readme")
            or "readme" in project.get("dynamic", [])
            or poetry.get("readme")
            or setup_cfg.get("long_description")
            or (metadata == "setup.py" and "long_description" in (setup_py or ""))
            or (metadata == "poetry" and any(root.glob("README*")))
        ),
        python_floor=_python_floor(spec) if spec is not None else None,
    )


def github_repository(root: Path) -> str | None:
    """``owner/name`` of the ``origin`` remote when it is on GitHub, else None."""
    origin = origin_on_github(root)
    return origin.slug if origin else None


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _load_pyproject(root: Path) -> dict[str, Any]:
    text = _read(root / "pyproject.toml")
    if text is None:
        return {}
    try:
        return tomlkit.parse(text).unwrap()
    except TOMLKitError as exc:
        raise UsageError(
            f"{root / 'pyproject.toml'}: not valid TOML ({exc}); fix it, then run init again"
        ) from None


def _load_setup_cfg(root: Path) -> dict[str, str]:
    text = _read(root / "setup.cfg")
    if text is None:
        return {}
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return {}
    values = dict(parser["metadata"]) if parser.has_section("metadata") else {}
    if parser.has_section("options"):
        values.update({f"options.{k}": v for k, v in parser["options"].items()})
    return values


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _packages(root: Path, name: str) -> tuple[Literal["src", "flat"], tuple[str, ...]]:
    """The layout and the import packages, the one named after the project first."""
    base = root / "src"
    layout: Literal["src", "flat"] = "src" if base.is_dir() else "flat"
    if layout == "flat":
        base = root
    found = sorted(
        d.name
        for d in base.iterdir()
        if d.is_dir() and (d / "__init__.py").is_file() and d.name not in _NOT_PACKAGES
    )
    own = name.replace("-", "_").replace(".", "_").lower()
    found.sort(key=lambda pkg: pkg.lower() != own)
    prefix = "src/" if layout == "src" else ""
    return layout, tuple(prefix + pkg for pkg in found)


def _dynamic_version(
    pyproject: dict[str, Any], setup_cfg: dict[str, str], setup_py: str
) -> str | None:
    tool = _table(pyproject, "tool")
    requires = " ".join(map(str, _table(pyproject, "build-system").get("requires", [])))
    if "version" in _table(pyproject, "project").get("dynamic", []):
        if _table(_table(tool, "hatch"), "version").get("source") == "vcs":
            return "hatch-vcs"
        if "setuptools_scm" in tool or "setuptools-scm" in requires or "setuptools_scm" in requires:
            return "setuptools-scm"
        if (
            "pdm-backend" in requires
            and _table(_table(tool, "pdm"), "version").get("source") == "scm"
        ):
            return "pdm-scm"
    if "setuptools_scm" in tool or "use_scm_version" in setup_py:
        return "setuptools-scm"
    if _table(tool, "poetry-dynamic-versioning").get("enable") is True:
        return "poetry-dynamic-versioning"
    if setup_cfg.get("options.setup_requires", "").find("setuptools_scm") >= 0:
        return "setuptools-scm"
    return None


def _version(  # noqa: PLR0917 - one source per argument, in lookup order
    root: Path,
    project: dict[str, Any],
    poetry: dict[str, Any],
    setup_cfg: dict[str, str],
    setup_py: str,
    packages: tuple[str, ...],
    modules: tuple[str, ...],
) -> tuple[str | None, str | None]:
    if isinstance(project.get("version"), str):
        return project["version"], "pyproject.toml"
    if isinstance(poetry.get("version"), str) and poetry["version"] != "0.0.0":
        return poetry["version"], "pyproject.toml"
    cfg_version = setup_cfg.get("version", "")
    if cfg_version and not cfg_version.startswith(("attr:", "file:")):
        return cfg_version, "setup.cfg"
    if match := re.search(_SETUP_KW.format(key="version"), setup_py):
        return match["value"], "setup.py"
    for package in packages:
        for filename in ("__init__.py", "version.py", "_version.py", "__about__.py"):
            text = _read(root / package / filename)
            if text and (found := _ASSIGN_VERSION.search(text)):
                return found["version"], f"{package}/{filename}"
    for module in modules:
        text = _read(root / module)
        if text and (found := _ASSIGN_VERSION.search(text)):
            return found["version"], module
    return None, None


def _tag_version(root: Path) -> tuple[str, str] | None:
    """The version of the newest release tag (``v1.2.3``, ``1.2.3``), if any."""
    for tag in git.list_tags(root):
        parsed = TagName.parse(tag.name)
        if parsed is not None and not parsed.component:
            return str(parsed.version), "tag"
    return None


def _pkg_info_version(root: Path) -> tuple[str, str] | None:
    text = _read(root / "PKG-INFO") or ""
    match = re.search(r"^Version: *(\S+)", text, re.MULTILINE)
    return (match[1], "PKG-INFO") if match else None


def _pythons(
    project: dict[str, Any], poetry: dict[str, Any], setup_cfg: dict[str, str]
) -> tuple[tuple[str, ...], bool]:
    classifiers = [str(c) for c in project.get("classifiers", []) or poetry.get("classifiers", [])]
    classifiers += setup_cfg.get("classifiers", "").splitlines()
    listed = {m[1] for c in classifiers if (m := _CLASSIFIER.match(c.strip()))}
    if listed:
        return tuple(v for v in KNOWN_PYTHONS if v in listed), bool(project.get("classifiers"))
    allowed = _requires_python(project, poetry, setup_cfg) or SpecifierSet()
    supported = [
        v for v in KNOWN_PYTHONS[2:6] if f"{v}.0" in allowed or allowed.contains(f"{v}.99")
    ]
    return tuple(supported or KNOWN_PYTHONS[2:6]), False


def _requires_python(
    project: dict[str, Any], poetry: dict[str, Any], setup_cfg: dict[str, str]
) -> SpecifierSet | None:
    """``requires-python`` (or poetry's ``python``, setuptools' ``python_requires``), if valid."""
    spec = str(
        project.get("requires-python")
        or _table(poetry, "dependencies").get("python", "")
        or setup_cfg.get("options.python_requires", "")
    ).strip()
    spec = spec.replace("^", ">=").replace("~", "~=") if spec.startswith(("^", "~")) else spec
    try:
        return SpecifierSet(spec) if spec else None
    except InvalidSpecifier:
        return None


def _python_floor(allowed: SpecifierSet) -> str | None:
    """The oldest Python ``allowed`` admits, as ``3.X`` (``2.7`` for old ranges).

    >>> _python_floor(SpecifierSet(">=3.7")), _python_floor(SpecifierSet(">=3.10,<4"))
    ('3.7', '3.10')
    """
    candidates = ["2.7", *(f"3.{minor}" for minor in range(15))]
    return next(
        (v for v in candidates if allowed.contains(f"{v}.0") or allowed.contains(f"{v}.99")),
        None,
    )


def _test_runner(
    root: Path, pyproject: dict[str, Any], tests_dir: str | None
) -> Literal["pytest", "unittest"]:
    if "pytest" in _table(pyproject, "tool") or (root / "pytest.ini").is_file():
        return "pytest"
    if (root / "conftest.py").is_file() or (
        tests_dir and (root / tests_dir / "conftest.py").is_file()
    ):
        return "pytest"
    if "pytest" in (_read(root / "setup.cfg") or "") + (_read(root / "tox.ini") or ""):
        return "pytest"
    texts = [_read(p) or "" for p in (root / tests_dir).rglob("*.py")] if tests_dir else []
    if any("import pytest" in t for t in texts):
        return "pytest"
    if any("unittest" in t for t in texts):
        return "unittest"
    return "pytest"


def _default_branch(root: Path) -> str:
    """The HEAD of origin's branch, else the checked-out branch, else ``main``."""
    if origin_head := git.remote_default_branch(root):
        return origin_head
    current = git.run(root, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    return current.stdout.strip() or "main"
