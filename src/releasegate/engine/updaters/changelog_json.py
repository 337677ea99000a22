"""Machine-readable ``changelog.json`` updates (release-please's ``ChangelogJson``).

Mirrors ``updaters/changelog-json.ts``: each release adds one entry (newest first) listing the
release's commits, and the file is rewritten with two-space indentation and no trailing newline.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from releasegate.engine._js import JsonParseError, json_parse, json_stringify
from releasegate.engine.commits import BREAKING_CHANGE
from releasegate.engine.updaters import UpdaterError
from releasegate.engine.updaters.default import DefaultUpdater

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from releasegate.engine.commits import ConventionalCommit

__all__ = ["ChangelogJson", "iso_timestamp"]

_BREAKING_CHANGE = BREAKING_CHANGE
_COMMIT_PREFIX = re.compile(r"^[^:]+: ?")
_PR_SUFFIX = re.compile(r" ?\(#(?P<pr>[0-9]+)\)\Z", re.ASCII)


def iso_timestamp(moment: datetime) -> str:
    """Format ``moment`` as JavaScript's ``Date.toISOString()`` (UTC, milliseconds, ``Z``).

    A naive datetime is taken to be UTC.

    >>> iso_timestamp(datetime(2025, 1, 15, 12, 0, tzinfo=timezone.utc))
    '2025-01-15T12:00:00.000Z'
    """
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def _random_id() -> str:
    return str(uuid.uuid4())


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangelogJson(DefaultUpdater):
    """Prepend a release entry for ``artifact_name`` to ``changelog.json``.

    Mirrors release-please's ``ChangelogJson``. ``commits`` are the already filtered commits
    (release-please's ``filterCommits``); when there are none the file is returned unchanged.
    ``date`` stamps ``createTime`` and ``updateTime`` (default: now); ``id_factory`` makes the
    entry's ``id`` (default: a random UUID). Raises UpdaterError when the file is not the
    expected JSON (release-please then fails the run).
    """

    artifact_name: str
    language: str
    commits: Sequence[ConventionalCommit]
    date: datetime | None = None
    id_factory: Callable[[], str] = field(default=_random_id)

    def update_content(self, content: str | None) -> str:
        """Return the JSON text with the new release first in ``entries``."""
        try:
            parsed = json_parse(content or "")
        except JsonParseError as exc:
            raise UpdaterError(f"changelog.json is not valid JSON: {exc}") from None
        if not isinstance(parsed, dict) or not isinstance(parsed.get("entries"), list):
            raise UpdaterError("changelog.json has no 'entries' list")
        changes = [_change(commit) for commit in self.commits]
        if not changes:
            return content or ""
        time = iso_timestamp(self.date or _now())
        release = {
            "changes": changes,
            "version": str(self.version),
            "language": self.language,
            "artifactName": self.artifact_name,
            "id": self.id_factory(),
            "createTime": time,
        }
        parsed["entries"].insert(0, release)
        parsed["updateTime"] = time
        return json_stringify(parsed, 2)


def _change(commit: ConventionalCommit) -> dict[str, Any]:
    issues: dict[str, None] = {}
    message = _COMMIT_PREFIX.sub("", commit.message, count=1)
    match = _PR_SUFFIX.search(message)
    if match:
        # like JavaScript's String.replace with a string: the first occurrence goes
        message = message.replace(match.group(), "", 1)
        issues[match["pr"]] = None
    for reference in commit.references:
        issues[reference.issue] = None
    change: dict[str, Any] = {
        "type": commit.type,
        "sha": commit.sha,
        "message": message,
        "issues": list(issues),
    }
    if commit.scope:
        change["scope"] = commit.scope
    for note in commit.notes:
        if note.title == _BREAKING_CHANGE:
            change["breakingChangeNote"] = note.text
    return change
