"""Extra TOML files updated by JSONPath (release-please's ``GenericToml``, ``generic-toml.ts``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasegate.engine.updaters import UpdaterError
from releasegate.engine.updaters._jsonpath import JsonPathError, find
from releasegate.engine.updaters._toml import (
    Tagged,
    TomlEditError,
    parse_tagged,
    replace_toml_value,
)

if TYPE_CHECKING:
    from releasegate.engine.version import Version

__all__ = ["GenericToml"]


@dataclass(frozen=True, slots=True)
class GenericToml:
    r"""Replace every value ``jsonpath`` selects with the version (mirrors ``GenericToml``).

    Only the selected values' text changes: each becomes a double-quoted string, the rest of the
    file (comments, spacing, quoting) stays as it was. Invalid TOML, or a path that selects
    nothing, leaves the file unchanged. Selecting a number, date, array or table raises
    UpdaterError, as release-please then fails the run.

    >>> from releasegate.engine.version import Version
    >>> GenericToml("$.package.version", Version(2, 0, 0)).update_content(
    ...     "[package]\nversion = '1.0.0'  # keep\n")
    '[package]\nversion = "2.0.0"  # keep\n'
    """

    jsonpath: str
    version: Version

    def update_content(self, content: str | None) -> str:
        """Return the file with the selected values replaced."""
        if content is None:
            return ""
        try:
            data = parse_tagged(content)
        except TomlEditError:
            return content
        try:
            paths = [loc.path for loc in find(data, self.jsonpath, leaf=Tagged)]
        except JsonPathError as exc:
            raise UpdaterError(str(exc)) from None
        processed = content
        try:
            for path in paths:
                processed = replace_toml_value(processed, list(path), str(self.version))
        except TomlEditError as exc:
            raise UpdaterError(f"{self.jsonpath}: {exc}") from None
        return processed
