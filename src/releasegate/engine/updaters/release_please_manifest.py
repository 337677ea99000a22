"""``.release-please-manifest.json`` updates (release-please's ``ReleasePleaseManifest``).

Mirrors ``updaters/release-please-manifest.ts``.
"""

from __future__ import annotations

from dataclasses import dataclass

from releasegate.engine._js import JsonParseError, json_parse, json_stringify, json_stringify_like
from releasegate.engine.updaters import UpdaterError
from releasegate.engine.updaters.default import DefaultUpdater

__all__ = ["ReleasePleaseManifest"]


@dataclass(frozen=True, slots=True)
class ReleasePleaseManifest(DefaultUpdater):
    r"""Set each path of ``versions_map`` to its new version in the manifest JSON.

    An existing file keeps its indentation and the text around its outer braces; a new one is
    written with two-space indentation and no trailing newline, as release-please does. Paths
    already in the file keep their place; new ones are appended (integer-like keys first, as
    in a JavaScript object).

    >>> from releasegate.engine.version import Version
    >>> ReleasePleaseManifest(Version(1, 0, 0), {".": Version(1, 0, 0)}).update_content(
    ...     '{\n    ".": "0.9.0"\n}\n')
    '{\n    ".": "1.0.0"\n}\n'
    """

    def update_content(self, content: str | None) -> str:
        """Return the manifest with the new versions; raise UpdaterError on invalid JSON."""
        try:
            parsed = json_parse(content) if content else {}
        except JsonParseError as exc:
            raise UpdaterError(f"release-please manifest is not valid JSON: {exc}") from None
        if not isinstance(parsed, dict):
            raise UpdaterError("release-please manifest is not a JSON object")
        for path, version in (self.versions_map or {}).items():
            parsed[path] = str(version)
        parsed = json_parse(json_stringify(parsed))  # re-apply JavaScript key order
        if content:
            return json_stringify_like(parsed, content)
        return json_stringify(parsed, 2)
