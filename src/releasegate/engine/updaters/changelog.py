"""CHANGELOG.md updates (release-please's ``Changelog``, ``updaters/changelog.ts``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from releasegate.engine._js import js_trim
from releasegate.engine.updaters.default import DefaultUpdater

__all__ = ["DEFAULT_VERSION_HEADER_REGEX", "Changelog"]

#: Where the newest release starts: an H2 or H3 heading beginning with a version or a link.
DEFAULT_VERSION_HEADER_REGEX = r"\n###? v?[0-9\[]"
_H1 = re.compile(r"^#(\s)", re.MULTILINE)
_HEADER = "# Changelog\n"


@dataclass(frozen=True, slots=True, kw_only=True)
class Changelog(DefaultUpdater):
    r"""Insert ``changelog_entry`` above the newest release of a CHANGELOG.md.

    Mirrors release-please's ``Changelog``. A missing file becomes ``# Changelog`` plus the
    entry. A file without any version heading gets a fresh ``# Changelog`` header, the entry,
    then its old text trimmed with every ``# `` heading demoted to ``## ``.
    ``version_header_regex`` is a Python regular expression (release-please takes a JavaScript
    one, applied with the ``s`` flag).

    >>> from releasegate.engine.version import Version
    >>> Changelog(Version(1, 0, 0), changelog_entry="## 1.0.0").update_content(None)
    '# Changelog\n\n## 1.0.0\n'
    """

    changelog_entry: str
    version_header_regex: str | None = None

    def update_content(self, content: str | None) -> str:
        """Return the changelog with the entry inserted."""
        content = content or ""
        pattern = re.compile(self.version_header_regex or DEFAULT_VERSION_HEADER_REGEX, re.DOTALL)
        match = pattern.search(content)
        if match is None:
            if content:
                old = js_trim(_H1.sub(r"##\1", content))
                return f"{_HEADER}\n{self.changelog_entry}\n\n{old}\n"
            return f"{_HEADER}\n{self.changelog_entry}\n"
        before, after = content[: match.start()], content[match.start() :]
        return js_trim(f"{before}\n{self.changelog_entry}\n{after}") + "\n"
