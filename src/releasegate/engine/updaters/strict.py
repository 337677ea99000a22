"""``strict = true``: a file the release was asked to change but did not is an error.

release-please skips silently what it does not recognise: an unreadable ``pyproject.toml``, a
``__version__: str = "…"`` line, an ``extra-files`` jsonpath that matches nothing. With
``strict`` in ``[tool.releasegate]`` (see :mod:`releasegate.engine.settings`) the plan stops
instead, before anything is written, with one line naming the file and the fix.
"""

from __future__ import annotations

import ast
import configparser
from dataclasses import replace
from typing import TYPE_CHECKING

from releasegate.engine.updaters import UpdaterError
from releasegate.engine.updaters.generic import Generic
from releasegate.engine.updaters.generic_json import GenericJson
from releasegate.engine.updaters.generic_toml import GenericToml
from releasegate.engine.updaters.generic_xml import GenericXml
from releasegate.engine.updaters.generic_yaml import GenericYaml
from releasegate.engine.updaters.pyproject_toml import PyProjectToml
from releasegate.engine.updaters.python_file_with_version import PythonFileWithVersion
from releasegate.engine.updaters.setup_cfg import SetupCfg
from releasegate.engine.updaters.setup_py import SetupPy
from releasegate.engine.updaters.uv_lock import UvLock
from releasegate.engine.version import Version
from releasegate.errors import ConfigError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from releasegate.engine.updaters import Update, Updater

__all__ = ["missing_error", "strict_error", "unchanged_error"]

_OFF = "or set strict = false in [tool.releasegate]"
# The updaters that write a version into a project file (not a changelog or the manifest).
_VERSION_UPDATERS = (
    Generic, GenericJson, GenericToml, GenericXml, GenericYaml, PyProjectToml,
    PythonFileWithVersion, SetupCfg, SetupPy, UvLock,
)  # fmt: skip


def unchanged_error(
    path: str, original: str, updaters: Sequence[Updater], *, required: bool = True
) -> ConfigError | None:
    r"""The error for the version updaters of ``path`` matching no version in it, if so.

    An updater "matches" when its output depends on the version it writes: it is run again
    with another version on ``original`` and must give another text. (Comparing the result
    with ``original`` is not enough: the JSON updater re-serialises a file it did not change.)
    Files that also get a changelog or manifest update are not version files and pass. So does
    a file the strategy tries only by its name (not ``required``) when it states no version at
    all: a ``version.py`` or package ``__init__.py`` that assigns no ``__version__`` or
    ``VERSION`` (releasegate's own ``version.py`` holds the Version type), a ``setup.cfg`` of
    tool settings only (no ``version =`` option, or ``version = attr:``/``file:``, which point
    elsewhere), a ``setup.py`` that passes no version or takes it from a name.

    >>> from releasegate.engine.version import Version
    >>> str(unchanged_error("v.py", "V = 1\n", [PythonFileWithVersion(Version(1, 0, 0))]))
    "v.py: no __version__ = '…' string assignment to update; write the version as a string literal there, or set strict = false in [tool.releasegate]"
    """  # noqa: E501 - a doctest's expected output is one line
    if not updaters or not all(isinstance(u, _VERSION_UPDATERS) for u in updaters):
        return None
    if not required and not _states_version(original, updaters):
        return None
    if any(_matches(updater, original) for updater in updaters):
        return None
    hints = list(dict.fromkeys(_hint(updater, original) for updater in updaters))
    what, fix = hints[0]
    if len(hints) > 1:
        what = " and ".join(h[0] for h in hints)
        fix = " or ".join(h[1] for h in hints)
    return ConfigError(path, what, f"{fix}, {_OFF}")


def strict_error(update: Update, original: str | None) -> ConfigError | None:
    """The strict error for one planned file update (``original``: its text, None if absent).

    A missing file is an error only when the user named it (``required``); a present one when
    its version updaters match nothing (see :func:`unchanged_error`).
    """
    if original is None:
        return missing_error(update.path) if update.required else None
    return unchanged_error(update.path, original, update.updaters, required=update.required)


def missing_error(path: str) -> ConfigError:
    """The error for a version file the config names but the branch does not have.

    >>> str(missing_error("VERSION.json"))
    'VERSION.json: the version file does not exist on the branch; commit it or fix its path in the config, or set strict = false in [tool.releasegate]'
    """  # noqa: E501 - a doctest's expected output is one line
    return ConfigError(
        path,
        "the version file does not exist on the branch",
        f"commit it or fix its path in the config, {_OFF}",
    )


def _matches(updater: Updater, original: str) -> bool:
    version: Version = getattr(updater, "version")  # noqa: B009 - every version updater has it
    probe = Version(
        version.major + 7, version.minor + 7, version.patch + 7, None, None, version.scheme
    )
    try:
        return bool(
            updater.update_content(original)
            != replace(updater, version=probe).update_content(original)  # type: ignore[type-var] # the version updaters are dataclasses
        )
    except UpdaterError:
        return False


def _hint(updater: Updater, original: str) -> tuple[str, str]:
    """What went unmatched, and how to fix it, for one updater."""
    if isinstance(updater, (GenericJson, GenericYaml, GenericToml)):
        return (
            f"jsonpath {updater.jsonpath!r} matched no version",
            "fix the jsonpath of this extra-files entry",
        )
    if isinstance(updater, GenericXml):
        return (
            f"xpath {updater.xpath!r} matched no version",
            "fix the xpath of this extra-files entry",
        )
    if isinstance(updater, Generic):
        return (
            "no line marked x-release-please-version holds a version",
            "add the marker comment to the version's line",
        )
    if isinstance(updater, PythonFileWithVersion):
        try:
            ast.parse(original)
        except (SyntaxError, ValueError) as exc:
            line = f" (line {exc.lineno})" if isinstance(exc, SyntaxError) and exc.lineno else ""
            return (f"cannot parse the version file: not valid Python{line}", "fix its syntax")
        names = " or ".join(updater.names)
        return (
            f"no {names} = '…' string assignment to update",
            "write the version as a string literal there",
        )
    if isinstance(updater, SetupCfg):
        return ("no 'version = X.Y.Z' to update", "write the version in [metadata]")
    if isinstance(updater, SetupPy):
        return ("no version='X.Y.Z' to update", "pass the version to setup() as a string")
    if isinstance(updater, PyProjectToml):
        return ("the version was not updated", "set [project].version")
    if isinstance(updater, UvLock):
        return (
            f"no entry with a version for package {updater.package!r}",
            "run 'uv lock' and commit uv.lock",
        )
    return (f"{type(updater).__name__} changed nothing", "check the file")


_VERSION_NAMES = frozenset({"__version__", "VERSION"})  # what version files assign
_CFG_POINTERS = ("attr:", "file:")  # setuptools reads the version from elsewhere


def _states_version(original: str, updaters: Sequence[Updater]) -> bool:
    """Whether a file tried only by its name states a version its updaters should change."""
    if all(isinstance(u, PythonFileWithVersion) for u in updaters):
        return _assigns_version(original)
    if all(isinstance(u, SetupCfg) for u in updaters):
        return _cfg_states_version(original)
    if all(isinstance(u, SetupPy) for u in updaters):
        return _setup_py_states_version(original)
    return True


def _cfg_states_version(source: str) -> bool:
    r"""Whether a ``setup.cfg`` has a ``version`` option holding a version (True: unreadable).

    >>> _cfg_states_version("[pycodestyle]\nignore = E252\n")
    False
    >>> _cfg_states_version("[metadata]\nversion = attr: pkg.__version__\n")
    False
    >>> _cfg_states_version("[metadata]\nversion = 1.0\n")
    True
    """
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(source)
    except configparser.Error:
        return True  # strict reports what it cannot read
    return any(
        not parser[section]["version"].strip().startswith(_CFG_POINTERS)
        for section in parser.sections()
        if parser.has_option(section, "version")
    )


def _setup_py_states_version(source: str) -> bool:
    r"""Whether a ``setup.py`` writes a version as a string literal (True: unparsable).

    A ``version=`` keyword or a ``version``/``VERSION``/``__version__`` assignment counts;
    ``setup()`` alone (the version is in ``setup.cfg`` or ``pyproject.toml``) and
    ``version=get_version()`` do not.

    >>> _setup_py_states_version("from setuptools import setup\nsetup(name='x')\n")
    False
    >>> _setup_py_states_version("VERSION = '1.2.3'\nsetup(version=VERSION)\n")
    True
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return True
    value: ast.expr | None
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword):
            named, value = node.arg, node.value
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            named, value = (names[0] if names else None), node.value
        else:
            continue
        if (
            named is not None
            and named.strip("_").lower() == "version"
            and isinstance(value, ast.Constant)
            and isinstance(value.value, str)
        ):
            return True
    return False


def _assigns_version(source: str) -> bool:
    """Whether a module assigns ``__version__`` or ``VERSION`` at top level (True: unparsable)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return True  # strict reports what it cannot read
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and any(
            isinstance(t, ast.Name) and t.id in _VERSION_NAMES for t in targets
        ):
            return True
    return False
