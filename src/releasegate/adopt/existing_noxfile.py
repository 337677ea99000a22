"""What a project's own noxfile declares, read from its syntax tree (never imported or run).

``init`` keeps a maintainer's noxfile. It reads it to print next steps that exist (``nox -s``
with the sessions the file really has) and to learn what its test session installs. Importing
a noxfile would run the project's code, and nox need not be installed where ``init`` runs, so
the file is only parsed; what cannot be read statically (a computed session name, a
requirement built at run time) is left out rather than guessed.
"""

from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["NoxSession", "Noxfile", "read_noxfile"]

_INSTALLS = frozenset({"install", "install_and_run_script"})


@dataclass(frozen=True, slots=True)
class NoxSession:
    """One ``@nox.session``: the name ``nox -s`` takes and what its body installs.

    ``installs`` holds the literal arguments of ``session.install(...)`` (``"pytest"``,
    ``"-r"``, ``"requirements-dev.txt"``, ``".[tests]"``), in order; ``groups`` and ``extras``
    come from ``uv sync --group X --extra Y`` and ``nox.project.dependency_groups(..., "X")``.
    """

    name: str
    default: bool = True
    installs: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    extras: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Noxfile:
    """The sessions of a noxfile, in file order, and its default selection (if literal)."""

    sessions: tuple[NoxSession, ...]
    default_sessions: tuple[str, ...] | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Every session name, in file order."""
        return tuple(s.name for s in self.sessions)

    def session(self, name: str) -> NoxSession | None:
        """The session called ``name``, or None."""
        return next((s for s in self.sessions if s.name == name), None)


def read_noxfile(path: Path) -> Noxfile | None:
    """Parse ``path``; None when it does not exist or is not valid Python."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return None
    constants = _module_constants(tree)
    sessions = [
        session
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and (session := _session(node, constants)) is not None
    ]
    return Noxfile(tuple(sessions), _default_sessions(tree, constants))


def _module_constants(tree: ast.Module) -> dict[str, tuple[str, ...]]:
    """Module-level ``NAME = "x"`` and ``NAME = ["x", "y"]`` assignments of strings."""
    found: dict[str, tuple[str, ...]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        strings = _strings(value, {})
        if isinstance(target, ast.Name) and strings is not None:
            found[target.id] = strings
    return found


def _strings(node: ast.expr, constants: dict[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    """The strings a literal, a list/tuple of literals or a known constant stands for."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return (node.value,)
    if isinstance(node, ast.Name) and node.id in constants:
        return constants[node.id]
    if isinstance(node, (ast.List, ast.Tuple)):
        items: list[str] = []
        for element in node.elts:
            inner = element.value if isinstance(element, ast.Starred) else element
            strings = _strings(inner, constants)
            if strings is None:
                return None
            items.extend(strings)
        return tuple(items)
    return None


def _is_session_decorator(node: ast.expr) -> bool:
    func = node.func if isinstance(node, ast.Call) else node
    if isinstance(func, ast.Attribute):
        return func.attr == "session"
    return isinstance(func, ast.Name) and func.id == "session"


def _session(
    node: ast.FunctionDef | ast.AsyncFunctionDef, constants: dict[str, tuple[str, ...]]
) -> NoxSession | None:
    decorator = next((d for d in node.decorator_list if _is_session_decorator(d)), None)
    if decorator is None:
        return None
    name, default = node.name, True
    if isinstance(decorator, ast.Call):
        for keyword in decorator.keywords:
            value = keyword.value
            if keyword.arg == "name" and isinstance(value, ast.Constant):
                name = str(value.value)
            elif keyword.arg == "default" and isinstance(value, ast.Constant):
                default = bool(value.value)
    installs: list[str] = []
    groups: list[str] = []
    extras: list[str] = []
    for call in ast.walk(node):
        if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
            continue
        args = _call_strings(call, constants)
        if call.func.attr in _INSTALLS:
            installs.extend(args)
        elif call.func.attr == "dependency_groups":
            groups.extend(args)
        elif "sync" in args:  # session.run_install("uv", "sync", "--group", "test", ...)
            groups.extend(v for k, v in itertools.pairwise(args) if k == "--group")
            extras.extend(v for k, v in itertools.pairwise(args) if k == "--extra")
    return NoxSession(name, default, tuple(installs), tuple(groups), tuple(extras))


def _call_strings(call: ast.Call, constants: dict[str, tuple[str, ...]]) -> list[str]:
    """The literal string arguments of a call, ``*LIST`` and ``*nox.project...`` skipped."""
    found: list[str] = []
    for arg in call.args:
        inner = arg.value if isinstance(arg, ast.Starred) else arg
        strings = _strings(inner, constants)
        if strings is not None:
            found.extend(strings)
    return found


def _default_sessions(
    tree: ast.Module, constants: dict[str, tuple[str, ...]]
) -> tuple[str, ...] | None:
    """``nox.options.sessions = [...]`` when it is a literal list."""
    for node in tree.body:
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            if (
                isinstance(target, ast.Attribute)
                and target.attr == "sessions"
                and isinstance(target.value, ast.Attribute)
                and target.value.attr == "options"
            ):
                return _strings(node.value, constants)
    return None
