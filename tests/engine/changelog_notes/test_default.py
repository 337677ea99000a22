"""Tests for releasegate.engine.changelog_notes.default: release-please's default release notes.

Every expected text below was produced by release-please 17.11.2's own DefaultChangelogNotes
(run on the same commits, clock frozen at 2025-01-15) and is kept here as our fixture.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from releasegate.engine.changelog_notes import (
    DEFAULT_CHANGELOG_SECTIONS,
    BuildNotesOptions,
    ChangelogSection,
    build_changelog_sections,
    format_changelog_date,
)
from releasegate.engine.changelog_notes.default import build_notes, link_note_issue
from releasegate.engine.commits import CommitNote, CommitReference, ConventionalCommit
from releasegate.engine.strategies.python import Python

SHA1 = "1f0e1c2d3b4a59687766554433221100aabbccdd"
SHA2 = "2e9d8c7b6a5f4e3d2c1b0a998877665544332211"
SHA3 = "3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a"
SHA4 = "4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b"
BREAKING = "BREAKING CHANGE"
RELEASE_AS = "RELEASE AS"
_HEADER = re.compile(r"^(\w+)(?:\((.*)\))?(!)?: (.*)$", re.DOTALL)

# release-please's python strategy passes its own sections (docs shown, `feature` unknown).
PYTHON_SECTIONS = Python.default_changelog_sections


def _commit(
    header: str,
    sha: str,
    *,
    notes: tuple[tuple[str, str], ...] = (),
    refs: tuple[tuple[str, str, str | None], ...] = (),
    bare: str | None = None,
) -> ConventionalCommit:
    """Build the ConventionalCommit release-please's parser makes of ``header``."""
    match = _HEADER.match(header)
    assert match is not None, header
    return ConventionalCommit(
        sha=sha,
        message=header,
        files=(),
        type=match[1],
        scope=match[2],
        bare_message=match[4] if bare is None else bare,
        notes=tuple(CommitNote(title, text) for title, text in notes),
        references=tuple(CommitReference(*ref) for ref in refs),
        breaking=any(title == BREAKING for title, _ in notes),
    )


def _options(**overrides: Any) -> BuildNotesOptions:
    """Options for o/r releasing 1.2.0 after v1.1.0 on 2025-01-15, with ``overrides``."""
    values: dict[str, Any] = {
        "owner": "o",
        "repository": "r",
        "version": "1.2.0",
        "previous_tag": "v1.1.0",
        "current_tag": "v1.2.0",
        "date": "2025-01-15",
    }
    return BuildNotesOptions(**{**values, **overrides})


ORACLE_CASES = [
    # headings
    pytest.param(
        [_commit("feat: add export", SHA1)],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Features",
            "",
            "* add export ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="minor-with-previous-tag",
    ),
    pytest.param(
        [_commit("fix: stop crash", SHA1)],
        {"version": "1.1.1", "current_tag": "v1.1.1"},
        (
            "## [1.1.1](https://github.com/o/r/compare/v1.1.0...v1.1.1) (2025-01-15)",
            "",
            "",
            "### Bug Fixes",
            "",
            "* stop crash ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="patch-heading-is-also-h2",
    ),
    pytest.param(
        [_commit("feat: start", SHA1)],
        {"previous_tag": None, "version": "0.1.0", "current_tag": "v0.1.0"},
        (
            "## 0.1.0 (2025-01-15)",
            "",
            "",
            "### Features",
            "",
            "* start ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="first-release-no-compare-link",
    ),
    pytest.param(
        [_commit("fix: x", SHA1)],
        {"previous_tag": ""},
        (
            "## 1.2.0 (2025-01-15)",
            "",
            "",
            "### Bug Fixes",
            "",
            "* x ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="empty-previous-tag-no-link",
    ),
    pytest.param(
        [_commit("fix: y (#3)", SHA1, refs=(("#", "4", "Fixes"),))],
        {"host": "https://git.example.com"},
        (
            "## [1.2.0](https://git.example.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Bug Fixes",
            "",
            "* y ([#3](https://git.example.com/o/r/issues/3)) ([1f0e1c2](https://git.example.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd)), refs [#4](https://git.example.com/o/r/issues/4)",
        ),
        id="changelog-host",
    ),
    pytest.param(
        [_commit("fix: y", SHA1)],
        {"host": ""},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Bug Fixes",
            "",
            "* y ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="empty-host-means-github",
    ),
    pytest.param(
        [_commit("fix: y", SHA1)],
        {"previous_tag": "pkg-v1.1.0", "current_tag": "pkg-v1.2.0"},
        (
            "## [1.2.0](https://github.com/o/r/compare/pkg-v1.1.0...pkg-v1.2.0) (2025-01-15)",
            "",
            "",
            "### Bug Fixes",
            "",
            "* y ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="component-tags",
    ),
    pytest.param(
        [],
        {},
        ("## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",),
        id="no-commits",
    ),
    pytest.param(
        [_commit("chore: tidy", SHA1), _commit("docs: words", SHA2)],
        {},
        ("## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",),
        id="only-hidden-commits",
    ),
    # sections
    pytest.param(
        [
            _commit("docs: guide", SHA1),
            _commit("fix: b", SHA2),
            _commit("perf: fast", SHA3),
            _commit("feat: a", SHA4),
        ],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Features",
            "",
            "* a ([4b4b4b4](https://github.com/o/r/commit/4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b))",
            "",
            "",
            "### Bug Fixes",
            "",
            "* b ([2e9d8c7](https://github.com/o/r/commit/2e9d8c7b6a5f4e3d2c1b0a998877665544332211))",
            "",
            "",
            "### Performance Improvements",
            "",
            "* fast ([3a3a3a3](https://github.com/o/r/commit/3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a))",
        ),
        id="default-order-and-hidden",
    ),
    pytest.param(
        [_commit("feature: one", SHA1), _commit("feat: two", SHA2)],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Features",
            "",
            "* one ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
            "* two ([2e9d8c7](https://github.com/o/r/commit/2e9d8c7b6a5f4e3d2c1b0a998877665544332211))",
        ),
        id="feat-and-feature-share-a-section",
    ),
    pytest.param(
        [_commit("Fix: capital", SHA1), _commit("FEAT: shout", SHA2)],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Features",
            "",
            "* shout ([2e9d8c7](https://github.com/o/r/commit/2e9d8c7b6a5f4e3d2c1b0a998877665544332211))",
            "",
            "",
            "### Bug Fixes",
            "",
            "* capital ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="type-lookup-is-case-insensitive",
    ),
    pytest.param(
        [
            _commit("docs: guide", SHA1),
            _commit("deps: bump x", SHA2),
            _commit("feature: hidden", SHA3),
            _commit("chore: tidy", SHA4),
        ],
        {"changelog_sections": PYTHON_SECTIONS},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Dependencies",
            "",
            "* bump x ([2e9d8c7](https://github.com/o/r/commit/2e9d8c7b6a5f4e3d2c1b0a998877665544332211))",
            "",
            "",
            "### Documentation",
            "",
            "* guide ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="python-sections",
    ),
    pytest.param(
        [_commit("fix: b", SHA1), _commit("docs: c", SHA2), _commit("feat: a", SHA3)],
        {
            "changelog_sections": (
                ChangelogSection("docs", "Docs"),
                ChangelogSection("fix", "Fixes"),
                ChangelogSection("feat", "New"),
            )
        },
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Docs",
            "",
            "* c ([2e9d8c7](https://github.com/o/r/commit/2e9d8c7b6a5f4e3d2c1b0a998877665544332211))",
            "",
            "",
            "### Fixes",
            "",
            "* b ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
            "",
            "",
            "### New",
            "",
            "* a ([3a3a3a3](https://github.com/o/r/commit/3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a))",
        ),
        id="custom-sections-order",
    ),
    pytest.param(
        [_commit("feat: a", SHA1), _commit("fix!: b", SHA2, notes=((BREAKING, "b"),))],
        {"changelog_sections": ()},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### ⚠ BREAKING CHANGES",
            "",
            "* b",
            "",
            "### fix",
            "",
            "* b ([2e9d8c7](https://github.com/o/r/commit/2e9d8c7b6a5f4e3d2c1b0a998877665544332211))",
        ),
        id="empty-sections-shows-only-breaking",
    ),
    pytest.param(
        [_commit("fix: quiet", SHA1), _commit("feat: loud", SHA2)],
        {"changelog_sections": (ChangelogSection("feat", "Features"), ChangelogSection("fix", ""))},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "* quiet ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
            "",
            "",
            "### Features",
            "",
            "* loud ([2e9d8c7](https://github.com/o/r/commit/2e9d8c7b6a5f4e3d2c1b0a998877665544332211))",
        ),
        id="blank-section-title-has-no-heading",
    ),
    pytest.param(
        [_commit("security: lock", SHA1), _commit("fix: mend", SHA2)],
        {
            "changelog_sections": (
                ChangelogSection("fix", "Fixes"),
                ChangelogSection("security", "Fixes"),
            )
        },
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Fixes",
            "",
            "* lock ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
            "* mend ([2e9d8c7](https://github.com/o/r/commit/2e9d8c7b6a5f4e3d2c1b0a998877665544332211))",
        ),
        id="two-types-one-title",
    ),
    # breaking changes
    pytest.param(
        [_commit("chore!: drop py38", SHA1, notes=((BREAKING, "drop py38"),))],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### ⚠ BREAKING CHANGES",
            "",
            "* drop py38",
            "",
            "### Miscellaneous Chores",
            "",
            "* drop py38 ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="breaking-hidden-type-in-its-section",
    ),
    pytest.param(
        [
            _commit("fix: z", SHA1),
            _commit("security!: harden", SHA2, notes=((BREAKING, "harden"),)),
            _commit("feat: y", SHA3),
        ],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### ⚠ BREAKING CHANGES",
            "",
            "* harden",
            "",
            "### security",
            "",
            "* harden ([2e9d8c7](https://github.com/o/r/commit/2e9d8c7b6a5f4e3d2c1b0a998877665544332211))",
            "",
            "",
            "### Features",
            "",
            "* y ([3a3a3a3](https://github.com/o/r/commit/3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a))",
            "",
            "",
            "### Bug Fixes",
            "",
            "* z ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="breaking-unknown-type-raw-title-first",
    ),
    pytest.param(
        [
            _commit("fix(db)!: b", SHA1, notes=((BREAKING, "second text"),)),
            _commit("feat(*)!: a", SHA2, notes=((BREAKING, "first text"),)),
            _commit("feat: c", SHA3, notes=((BREAKING, "multi\nline\n\n  note"),)),
        ],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### ⚠ BREAKING CHANGES",
            "",
            "* **db:** second text",
            "* first text",
            "* multi",
            "line",
            "",
            "  note",
            "",
            "### Features",
            "",
            "* a ([2e9d8c7](https://github.com/o/r/commit/2e9d8c7b6a5f4e3d2c1b0a998877665544332211))",
            "* c ([3a3a3a3](https://github.com/o/r/commit/3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a))",
            "",
            "",
            "### Bug Fixes",
            "",
            "* **db:** b ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="breaking-notes-in-commit-order",
    ),
    pytest.param(
        [_commit("fix!: y (#5)", SHA1, notes=((BREAKING, "see (#5) and (#6)"),))],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### ⚠ BREAKING CHANGES",
            "",
            "* see ([#5](https://github.com/o/r/issues/5)) and (#6)",
            "",
            "### Bug Fixes",
            "",
            "* y ([#5](https://github.com/o/r/issues/5)) ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="breaking-note-first-issue-linked",
    ),
    pytest.param(
        [_commit("feat(api)!: new api", SHA1), _commit("chore!: hidden but bang", SHA2)],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### ⚠ BREAKING CHANGES",
            "",
            "* **api:** new api",
            "* hidden but bang",
            "",
            "### Features",
            "",
            "* **api:** new api ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
            "",
            "",
            "### Miscellaneous Chores",
            "",
            "* hidden but bang ([2e9d8c7](https://github.com/o/r/commit/2e9d8c7b6a5f4e3d2c1b0a998877665544332211))",
        ),
        id="bang-header-without-notes",
    ),
    pytest.param(
        [_commit("fix: z", SHA1, notes=(("OTHER", "ignored"),))],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Bug Fixes",
            "",
            "* z ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="other-notes-ignored",
    ),
    # Release-As footers
    pytest.param(
        [_commit("chore: release 2.0.0", SHA1, notes=((RELEASE_AS, "2.0.0"),))],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Miscellaneous Chores",
            "",
            "* release 2.0.0 ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="release-as-shows-hidden-commit",
    ),
    pytest.param(
        [
            _commit("chore: release", SHA1, notes=((RELEASE_AS, "2.0"),)),
            _commit("chore: other", SHA2, notes=((RELEASE_AS, "banana"),)),
        ],
        {},
        ("## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",),
        id="release-as-invalid-stays-hidden",
    ),
    pytest.param(
        [_commit("build: pin", SHA1, notes=((RELEASE_AS, "3.1.4"),))],
        {"changelog_sections": PYTHON_SECTIONS},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Build System",
            "",
            "* pin ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="release-as-unknown-type",
    ),
    # commit lines
    pytest.param(
        [_commit("fix(api): a", SHA1), _commit("fix(*): b", SHA2)],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Bug Fixes",
            "",
            "* **api:** a ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
            "* b ([2e9d8c7](https://github.com/o/r/commit/2e9d8c7b6a5f4e3d2c1b0a998877665544332211))",
        ),
        id="scope-bold-and-star-dropped",
    ),
    pytest.param(
        [_commit("feat: render <picture> `<picture>` `` `<picture>` ``", SHA1)],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Features",
            "",
            "* render &lt;picture&gt; `<picture>` `` `<picture>` `` ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="html-escaped-outside-backticks",
    ),
    pytest.param(
        [_commit("fix: thanks @bob, @Bob, mail a@b.c, @org/team, (@a-b)", SHA1)],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Bug Fixes",
            "",
            "* thanks [@bob](https://github.com/bob), @Bob, mail a@b.c, @org/team, ([@a-b](https://github.com/a-b)) ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="user-links",
    ),
    pytest.param(
        [
            _commit(
                "fix: see #12 and owner/repo#7",
                SHA1,
                refs=(("#", "12", "Closes"), ("#", "13", "Fixes"), ("#", "14", None)),
            )
        ],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Bug Fixes",
            "",
            "* see [#12](https://github.com/o/r/issues/12) and owner/repo[#7](https://github.com/o/r/issues/7) ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd)), refs [#13](https://github.com/o/r/issues/13) [#14](https://github.com/o/r/issues/14)",
        ),
        id="issue-links-and-refs",
    ),
    pytest.param(
        [_commit("feat(x): ", SHA1, bare="")],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Features",
            "",
            "* **x:** feat(x):  ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="empty-subject-uses-header",
    ),
    pytest.param(
        [_commit("fix: see #12", SHA1, refs=(("#", "13", "Closes"),))],
        {"repository": ""},
        (
            "## [1.2.0](https://github.com/o//compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Bug Fixes",
            "",
            "* see [#12](https://github.com/o//issues/12) 1f0e1c2, refs #13",
        ),
        id="no-repository-no-links",
    ),
    pytest.param(
        [_commit("fix: same", SHA1), _commit("fix: same", SHA1)],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Bug Fixes",
            "",
            "* same ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
            "* same ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="duplicate-commits-kept",
    ),
    # sorting within a section (ICU collation)
    pytest.param(
        [
            _commit("fix: zeta", SHA1),
            _commit("fix(b): one", SHA2),
            _commit("fix: Alpha", SHA3),
            _commit("fix(a): two", SHA4),
        ],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Bug Fixes",
            "",
            "* Alpha ([3a3a3a3](https://github.com/o/r/commit/3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a))",
            "* **a:** two ([4b4b4b4](https://github.com/o/r/commit/4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b))",
            "* **b:** one ([2e9d8c7](https://github.com/o/r/commit/2e9d8c7b6a5f4e3d2c1b0a998877665544332211))",
            "* zeta ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="sorted-by-scope-then-subject",
    ),
    pytest.param(
        [
            _commit("fix: Apple", SHA1),
            _commit("fix: apple", SHA2),
            _commit("fix: banana", SHA3),
            _commit("fix: Banana", SHA4),
        ],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Bug Fixes",
            "",
            "* apple ([2e9d8c7](https://github.com/o/r/commit/2e9d8c7b6a5f4e3d2c1b0a998877665544332211))",
            "* Apple ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
            "* banana ([3a3a3a3](https://github.com/o/r/commit/3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a))",
            "* Banana ([4b4b4b4](https://github.com/o/r/commit/4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b))",
        ),
        id="sort-lowercase-before-uppercase",
    ),
    pytest.param(
        [
            _commit("fix: a", SHA1),
            _commit("fix: 1a", SHA2),
            _commit("fix: _a", SHA3),
            _commit("fix: `a`", SHA4),
        ],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Bug Fixes",
            "",
            "* _a ([3a3a3a3](https://github.com/o/r/commit/3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a))",
            "* `a` ([4b4b4b4](https://github.com/o/r/commit/4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b))",
            "* 1a ([2e9d8c7](https://github.com/o/r/commit/2e9d8c7b6a5f4e3d2c1b0a998877665544332211))",
            "* a ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
        ),
        id="sort-punctuation-before-digits-before-letters",
    ),
    pytest.param(
        [_commit("fix: éa", SHA1), _commit("fix: eb", SHA2), _commit("fix: ea", SHA3)],
        {},
        (
            "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)",
            "",
            "",
            "### Bug Fixes",
            "",
            "* ea ([3a3a3a3](https://github.com/o/r/commit/3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a))",
            "* éa ([1f0e1c2](https://github.com/o/r/commit/1f0e1c2d3b4a59687766554433221100aabbccdd))",
            "* eb ([2e9d8c7](https://github.com/o/r/commit/2e9d8c7b6a5f4e3d2c1b0a998877665544332211))",
        ),
        id="sort-accents",
    ),
]


@pytest.mark.parametrize(("commits", "overrides", "expected"), ORACLE_CASES)
def test_build_notes_matches_release_please(
    commits: list[ConventionalCommit], overrides: dict[str, Any], expected: tuple[str, ...]
) -> None:
    """build_notes renders exactly what release-please 17.11.2 renders for these commits."""
    assert build_notes(commits, _options(**overrides)) == "\n".join(expected)


def test_notes_have_no_trailing_newline_even_with_trailing_spaces() -> None:
    """The result is trimmed like JavaScript's trim(), also of a last subject's spaces."""
    notes = build_notes([_commit("fix: x\u00a0 ", SHA1, bare="x", refs=())], _options())
    assert notes.endswith("aabbccdd))")
    spaced = build_notes([_commit("fix: y", SHA1, notes=((BREAKING, "y \u3000"),))], _options())
    assert not spaced.endswith((" ", "\u3000", "\n"))


def test_first_section_of_a_type_wins() -> None:
    """A type listed twice in changelog-sections goes under its first section only."""
    sections = (
        ChangelogSection("fix", "First"),
        ChangelogSection("fix", "Second"),
        ChangelogSection("feat", "Hidden", hidden=True),
        ChangelogSection("feat", "Shown"),
    )
    commits = [_commit("fix: a", SHA1), _commit("feat: b", SHA2)]
    notes = build_notes(commits, _options(changelog_sections=sections))
    assert "### First" in notes
    assert "Second" not in notes
    assert "feat" not in notes
    assert "Shown" not in notes


def test_many_commits_sort_like_few() -> None:
    """A large section sorts as the pairwise order of its entries says (ASCII fast path)."""
    subjects = [f"{word} {n}" for n in range(40) for word in ("Beta", "beta", "_x", "a-b", "ab")]
    commits = [_commit(f"fix: {s}", f"{i:040x}") for i, s in enumerate(subjects)]
    lines = build_notes(commits, _options()).split("\n")[5:]
    shown = [line[2 : line.index(" ([")] for line in lines]
    assert shown[:6] == ["_x 0", "_x 1", "_x 10", "_x 11", "_x 12", "_x 13"]
    assert (
        shown.index("a-b 0") < shown.index("ab 0") < shown.index("beta 0") < shown.index("Beta 0")
    )
    assert sorted(shown) != shown  # not code-point order


def test_default_sections_are_release_pleases_fallback() -> None:
    """None means conventionalcommits' twelve default sections, feat/feature first."""
    assert [s.type for s in DEFAULT_CHANGELOG_SECTIONS[:3]] == ["feat", "feature", "fix"]
    assert [s.type for s in DEFAULT_CHANGELOG_SECTIONS if not s.hidden] == [
        "feat",
        "feature",
        "fix",
        "perf",
        "revert",
    ]
    assert len(DEFAULT_CHANGELOG_SECTIONS) == 12


@pytest.mark.parametrize(
    ("types", "sections"),
    [
        (["feat", "deps"], [("feat", "Features"), ("deps", "Dependencies")]),
        (["security", ""], [("security", "security"), ("", "")]),
    ],
)
def test_build_changelog_sections(types: list[str], sections: list[tuple[str, str]]) -> None:
    """Known types get release-please's heading, others are titled by the type itself."""
    built = build_changelog_sections(types)
    assert [(s.type, s.section) for s in built] == sections
    assert not any(s.hidden for s in built)


@pytest.mark.parametrize(
    ("moment", "formatted"),
    [
        (datetime(2025, 1, 15, 12, 0, tzinfo=timezone.utc), "2025-01-15"),
        # late evening west of UTC is already the next day in UTC
        (datetime(2025, 1, 15, 20, 0, tzinfo=timezone(timedelta(hours=-5))), "2025-01-16"),
        (datetime(2024, 12, 31, 23, 59), "2024-12-31"),  # noqa: DTZ001 - naive is taken as UTC
    ],
)
def test_format_changelog_date(moment: datetime, formatted: str) -> None:
    """The heading date is the UTC day, whatever date-format says."""
    assert format_changelog_date(moment) == formatted


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("drop x (#60)", "drop x ([#60](https://h/o/r/issues/60))"),
        ("(#60) and (#61)", "([#60](https://h/o/r/issues/60)) and (#61)"),
        ("see #60 or (#6a) or (# 6)", "see #60 or (#6a) or (# 6)"),
        ("`x (#2)` (#3)", "`x ([#2](https://h/o/r/issues/2))` (#3)"),
        ("no reference", "no reference"),
    ],
    ids=["one", "first-only", "not-a-reference", "inside-code", "none"],
)
def test_link_note_issue(text: str, linked: str) -> None:
    """Only the first "(#N)" of a breaking note is linked, code spans included, as release-please."""
    assert link_note_issue(text, "https://h/o/r") == linked
