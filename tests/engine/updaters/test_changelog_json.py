"""ChangelogJson: changelog.json text → release-please 17.11.2's output (captured from its own updater)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from releasegate.engine.commits import CommitNote, CommitReference, ConventionalCommit
from releasegate.engine.updaters import UpdaterError
from releasegate.engine.updaters.changelog_json import ChangelogJson, iso_timestamp
from releasegate.engine.version import Version

NOON = dt.datetime(2025, 1, 15, 12, tzinfo=dt.timezone.utc)
COMMITS = (
    # the PR suffix becomes the first issue, then the references in order
    ConventionalCommit(
        sha="abc123",
        message="feat(api): add thing (#12)",
        files=(),
        type="feat",
        scope="api",
        bare_message="add thing (#12)",
        references=(CommitReference("#", "7", "closes"), CommitReference("#", "12")),
    ),
    # the last BREAKING CHANGE note wins; other notes are ignored
    ConventionalCommit(
        sha="def456",
        message="fix!: break it",
        files=(),
        type="fix",
        scope=None,
        bare_message="break it",
        notes=(CommitNote("BREAKING CHANGE", "it broke"), CommitNote("BREAKING CHANGE", "second")),
        breaking=True,
    ),
    # only a trailing "(#N)" is taken; an empty scope is left out
    ConventionalCommit(
        sha="0a0b",
        message="perf:no space (#1) (#2)",
        files=(),
        type="perf",
        scope="",
        bare_message="x",
        notes=(CommitNote("NOTE", "n"),),
    ),
    # JSON escaping of quotes and backslashes; non-ASCII stays as is
    ConventionalCommit(
        sha="ffff",
        message='docs: caf\u00e9 "quoted" \\ back',
        files=(),
        type="docs",
        scope=None,
        bare_message="x",
    ),
)
EMPTY = '{\n  "repository": "acme/widget",\n  "entries": []\n}'
EXISTING = '{"repository":"x","entries":[{"version":"0.1.0","n":1.50}],"updateTime":"old"}\n'


def make(commits: tuple[ConventionalCommit, ...] = COMMITS) -> ChangelogJson:
    """Build the updater with a frozen clock and id."""
    return ChangelogJson(
        Version(1, 2, 0),
        artifact_name="widget",
        language="PYTHON",
        commits=commits,
        date=NOON,
        id_factory=lambda: "ID-1",
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            EMPTY,
            '{\n  "repository": "acme/widget",\n  "entries": [\n    {\n      "changes": [\n        {\n          "type": "feat",\n          "sha": "abc123",\n          "message": "add thing",\n          "issues": [\n            "12",\n            "7"\n          ],\n          "scope": "api"\n        },\n        {\n          "type": "fix",\n          "sha": "def456",\n          "message": "break it",\n          "issues": [],\n          "breakingChangeNote": "second"\n        },\n        {\n          "type": "perf",\n          "sha": "0a0b",\n          "message": "no space (#1)",\n          "issues": [\n            "2"\n          ]\n        },\n        {\n          "type": "docs",\n          "sha": "ffff",\n          "message": "café \\"quoted\\" \\\\ back",\n          "issues": []\n        }\n      ],\n      "version": "1.2.0",\n      "language": "PYTHON",\n      "artifactName": "widget",\n      "id": "ID-1",\n      "createTime": "2025-01-15T12:00:00.000Z"\n    }\n  ],\n  "updateTime": "2025-01-15T12:00:00.000Z"\n}',
            id="first-release",
        ),
        # existing keys keep their place, numbers are re-printed as JavaScript does
        pytest.param(
            EXISTING,
            '{\n  "repository": "x",\n  "entries": [\n    {\n      "changes": [\n        {\n          "type": "feat",\n          "sha": "abc123",\n          "message": "add thing",\n          "issues": [\n            "12",\n            "7"\n          ],\n          "scope": "api"\n        },\n        {\n          "type": "fix",\n          "sha": "def456",\n          "message": "break it",\n          "issues": [],\n          "breakingChangeNote": "second"\n        },\n        {\n          "type": "perf",\n          "sha": "0a0b",\n          "message": "no space (#1)",\n          "issues": [\n            "2"\n          ]\n        },\n        {\n          "type": "docs",\n          "sha": "ffff",\n          "message": "café \\"quoted\\" \\\\ back",\n          "issues": []\n        }\n      ],\n      "version": "1.2.0",\n      "language": "PYTHON",\n      "artifactName": "widget",\n      "id": "ID-1",\n      "createTime": "2025-01-15T12:00:00.000Z"\n    },\n    {\n      "version": "0.1.0",\n      "n": 1.5\n    }\n  ],\n  "updateTime": "2025-01-15T12:00:00.000Z"\n}',
            id="existing-entries",
        ),
    ],
)
def test_update_content(content: str, expected: str) -> None:
    """A new release entry is prepended exactly as release-please writes it."""
    assert make().update_content(content) == expected


def test_no_commits_leaves_file() -> None:
    """With no commits to list, the file is returned unchanged."""
    assert make(()).update_content(EMPTY) == EMPTY


def test_default_id_is_a_uuid4() -> None:
    """Without an id_factory each entry gets a random UUID4."""
    updater = ChangelogJson(
        Version(1, 0, 0), artifact_name="w", language="PYTHON", commits=COMMITS, date=NOON
    )
    entry = json.loads(updater.update_content(EMPTY))["entries"][0]
    assert len(entry["id"]) == 36
    assert entry["id"][14] == "4"


@pytest.mark.parametrize("content", [None, "not json", "[]", '{"entries": {}}'])
def test_invalid_file(content: str | None) -> None:
    """A missing or malformed changelog.json raises UpdaterError (release-please throws)."""
    with pytest.raises(UpdaterError):
        make().update_content(content)


def test_iso_timestamp() -> None:
    """Timestamps use Date.toISOString's format, converted to UTC."""
    moment = dt.datetime(2025, 1, 15, 13, 30, 5, 123999, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert iso_timestamp(moment) == "2025-01-15T12:30:05.123Z"
