"""``pyproject.toml`` version updates (release-please's ``PyProjectToml``).

Mirrors ``updaters/python/pyproject-toml.ts``: the version of ``[project]`` (or, without a
``[project]`` table, of ``[tool.poetry]``) is replaced in place; everything else is untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from releasegate.engine.updaters import UpdaterError
from releasegate.engine.updaters._toml import (
    Opaque,
    Tagged,
    TomlEditError,
    parse_tagged,
    replace_toml_value,
)
from releasegate.engine.updaters.default import DefaultUpdater

__all__ = ["PyProjectToml"]


def _truthy(value: Any) -> bool:
    if isinstance(value, Tagged):
        return bool(value.value)
    return value is not None and not (isinstance(value, Opaque) and value.text in {"0", "0.0"})


def _has_dynamic_version(dynamic: Any) -> bool:
    if isinstance(dynamic, list):
        return any(isinstance(item, Tagged) and item.value == "version" for item in dynamic)
    # a string `dynamic` is searched as a substring, as JavaScript's String.includes does
    return isinstance(dynamic, Tagged) and "version" in str(dynamic.value)


@dataclass(frozen=True, slots=True)
class PyProjectToml(DefaultUpdater):
    r"""Set ``[project].version`` or ``[tool.poetry].version`` (mirrors ``PyProjectToml``).

    A version listed in ``[project].dynamic`` leaves the file unchanged. The new version is
    always written double-quoted, whatever quotes the old one had. Raises UpdaterError when the
    file is not valid TOML, or when the table has neither a version nor a dynamic one
    (release-please then fails the whole run with "invalid file").

    >>> from releasegate.engine.version import Version
    >>> PyProjectToml(Version(1, 1, 0)).update_content("[project]\nversion = '1.0.0'\n")
    '[project]\nversion = "1.1.0"\n'
    """

    def update_content(self, content: str | None) -> str:
        """Return the file with the new version."""
        if content is None:
            raise UpdaterError("pyproject.toml: invalid file; the file does not exist")
        try:
            parsed = parse_tagged(content)
        except TomlEditError as exc:
            raise UpdaterError(f"pyproject.toml: not valid TOML: {exc}") from None
        tool = parsed.get("tool")
        project = parsed.get("project") or (tool.get("poetry") if isinstance(tool, dict) else None)
        version = project.get("version") if isinstance(project, dict) else None
        if not _truthy(version):
            if isinstance(project, dict) and _has_dynamic_version(project.get("dynamic")):
                return content
            raise UpdaterError(
                "pyproject.toml: invalid file; set [project].version or list 'version' in "
                "[project].dynamic"
            )
        path: list[str | int] = ["project" if parsed.get("project") else "tool"]
        path += ["version"] if parsed.get("project") else ["poetry", "version"]
        try:
            return replace_toml_value(content, path, str(self.version))
        except TomlEditError as exc:
            raise UpdaterError(f"pyproject.toml: cannot replace the version: {exc}") from None
