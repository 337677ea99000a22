"""Extra JSON files updated by JSONPath (release-please's ``GenericJson``, ``generic-json.ts``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasegate.engine._js import JsonParseError, json_parse, json_stringify_like
from releasegate.engine.updaters import UpdaterError
from releasegate.engine.updaters._jsonpath import JsonPathError, find
from releasegate.engine.version import PEP440_REGEX

if TYPE_CHECKING:
    from releasegate.engine.version import Version

__all__ = ["VERSION_REGEX", "GenericJson", "version_regex"]

#: The version-looking text release-please replaces inside a selected string.
VERSION_REGEX = re.compile(
    r"(?P<major>\d+)\.(?P<minor>\d+)\.(?P<patch>\d+)(-(?P<pre>[\w.]+))?(\+(?P<build>[-\w.]+))?",
    re.ASCII,
)


def version_regex(version: Version) -> re.Pattern[str]:
    """The pattern for the old version in text: PEP 440-aware under that scheme, else semver."""
    return PEP440_REGEX if version.scheme == "pep440" else VERSION_REGEX


@dataclass(frozen=True, slots=True)
class GenericJson:
    r"""Replace the version inside every string ``jsonpath`` selects (mirrors ``GenericJson``).

    Only the first ``X.Y.Z[-pre][+build]`` inside each selected string is replaced; other
    values are skipped. The whole document is re-serialised the way release-please does it:
    indentation detected from the file, text before the first ``{`` and after the last ``}``
    kept, object keys in JavaScript order, numbers as JavaScript prints them. Raises
    UpdaterError when the file is not valid JSON (release-please fails the run).

    >>> from releasegate.engine.version import Version
    >>> GenericJson("$.version", Version(2, 0, 0)).update_content('{"version": "v1.0.0"}\n')
    '{"version":"v2.0.0"}\n'
    """

    jsonpath: str
    version: Version

    def update_content(self, content: str | None) -> str:
        """Return the re-serialised document with the selected versions replaced."""
        try:
            data = json_parse(content or "")
        except JsonParseError as exc:
            raise UpdaterError(f"not valid JSON: {exc}") from None
        try:
            locations = find(data, self.jsonpath)
        except JsonPathError as exc:
            raise UpdaterError(str(exc)) from None
        new = str(self.version)
        pattern = version_regex(self.version)
        for location in locations:
            value = location.value
            if isinstance(value, str) and pattern.search(value):
                location.parent[location.key] = pattern.sub(lambda _: new, value, count=1)
        return json_stringify_like(data, content or "")
