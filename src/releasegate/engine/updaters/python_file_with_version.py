"""``__version__`` updates in Python files (release-please's ``PythonFileWithVersion``).

Mirrors ``updaters/python/python-file-with-version.ts``. With ``structured`` (any
``[tool.releasegate]`` option beyond release-please's behaviour, see
:mod:`releasegate.engine.settings`) the file is read with :mod:`ast` instead: the string literal
assigned to ``__version__`` (with or without an annotation, any quotes, any version text) is
replaced, and nothing else moves.
"""

from __future__ import annotations

import ast
import io
import re
from dataclasses import dataclass

from releasegate.engine.updaters import UpdaterError
from releasegate.engine.updaters.default import DefaultUpdater

__all__ = ["PythonFileWithVersion", "replace_assigned_string"]

# `__version__: str = "…"` does not match: release-please allows only `__version__ = "…"`.
_VERSION = re.compile(r"""(__version__ ?= ?["'])[0-9]+\.[0-9]+\.[0-9]+(?:-\w+)?(["'])""", re.ASCII)
_OPENING = re.compile(r"""(?P<prefix>[rRuU]?)(?P<quote>'''|\"\"\"|'|")""")


@dataclass(frozen=True, slots=True)
class PythonFileWithVersion(DefaultUpdater):
    r"""Replace the first ``__version__ = "X.Y.Z"`` (``__init__.py``, ``version.py``).

    ``structured``: edit the assignment found by :mod:`ast` (see the module docstring);
    ``names`` are the variables that may hold the version, the first one found wins.

    >>> from releasegate.engine.version import Version
    >>> PythonFileWithVersion(Version(2, 0, 0)).update_content("__version__ = '1.0.0'\n")
    "__version__ = '2.0.0'\n"
    >>> PythonFileWithVersion(Version(2, 0, 0, "rc.1", scheme="pep440"), structured=True
    ...     ).update_content('__version__: str = "1.3.0a1"\n')
    '__version__: str = "2.0.0rc1"\n'
    """

    structured: bool = False
    names: tuple[str, ...] = ("__version__",)

    def update_content(self, content: str | None) -> str:
        """Return ``content`` with its first ``__version__`` string set to the new version.

        A file that is not valid Python comes back unchanged (``strict`` then reports it).
        """
        if self.structured:
            try:
                return replace_assigned_string(content or "", self.names, str(self.version))
            except UpdaterError:
                return content or ""
        return _VERSION.sub(lambda m: f"{m[1]}{self.version}{m[2]}", content or "", count=1)


def replace_assigned_string(source: str, names: tuple[str, ...], value: str) -> str:
    r"""Replace the string literal assigned to the first of ``names`` found in ``source``.

    Module-level ``NAME = "…"`` and ``NAME: str = "…"`` count, also inside ``if``/``try``
    blocks; the literal's prefix and quotes are kept. No such assignment: ``source`` unchanged.
    Raises UpdaterError when ``source`` is not valid Python.

    >>> replace_assigned_string("VERSION = (\n    '1.0'\n)\n", ("VERSION",), "2.0")
    "VERSION = (\n    '2.0'\n)\n"
    """
    try:
        module = ast.parse(source)
    except (SyntaxError, ValueError) as exc:
        line = f" (line {exc.lineno})" if isinstance(exc, SyntaxError) and exc.lineno else ""
        raise UpdaterError(
            f"not valid Python{line}; fix the syntax so the version can be updated"
        ) from None
    found: dict[str, ast.Constant] = {}
    for node in ast.walk(module):
        target: ast.expr | None = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        elif isinstance(node, ast.AnnAssign):
            target = node.target
        value_node = getattr(node, "value", None)
        if (
            isinstance(target, ast.Name)
            and target.id in names
            and target.id not in found
            and isinstance(value_node, ast.Constant)
            and isinstance(value_node.value, str)
        ):
            found[target.id] = value_node
    literal = next((found[name] for name in names if name in found), None)
    if literal is None or literal.end_lineno is None or literal.end_col_offset is None:
        return source
    lines = io.StringIO(source, newline="").readlines()  # ast's line breaks, not str's
    start = _offset(lines, literal.lineno, literal.col_offset)
    end = _offset(lines, literal.end_lineno, literal.end_col_offset)
    opening = _OPENING.match(source, start)
    if opening is None:  # pragma: no cover - every str constant opens with a quote
        return source
    prefix = opening["prefix"] if opening["prefix"] in {"u", "U"} else ""
    quote = opening["quote"]
    return f"{source[:start]}{prefix}{quote}{value}{quote}{source[end:]}"


def _offset(lines: list[str], lineno: int, col: int) -> int:
    """Character offset of ``ast``'s (1-based line, UTF-8 byte column) position."""
    before = sum(len(line) for line in lines[: lineno - 1])
    return before + len(lines[lineno - 1].encode("utf-8")[:col].decode("utf-8"))
