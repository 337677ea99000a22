"""Release notes: the sections a changelog is split into and what every notes builder needs.

This mirrors release-please's ``src/changelog-notes.ts``: ``ChangelogSection`` (one entry of the
``changelog-sections`` config key), ``BuildNotesOptions`` (what a strategy hands the notes
builder) and ``build_changelog_sections``. The default builder lives in
:mod:`releasegate.engine.changelog_notes.default`.

The date in a notes heading is always today's date in UTC as ``YYYY-MM-DD``: release-please's
``date-format`` option only reaches the ``x-release-please-date`` markers of generic updaters,
never the changelog. :func:`format_changelog_date` renders it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

__all__ = [
    "DEFAULT_CHANGELOG_SECTIONS",
    "DEFAULT_HEADINGS",
    "DEFAULT_HOST",
    "BuildNotesOptions",
    "ChangelogSection",
    "build_changelog_sections",
    "format_changelog_date",
]

DEFAULT_HOST = "https://github.com"


@dataclass(frozen=True, slots=True)
class ChangelogSection:
    """One ``changelog-sections`` entry: commits of ``type`` go under the heading ``section``.

    A ``hidden`` section's commits are left out unless they carry a breaking change.
    """

    type: str
    section: str
    hidden: bool = False


# The sections release-please's default notes use when none are configured: the defaults of
# conventional-changelog-conventionalcommits 6.1.0, which release-please's DefaultChangelogNotes
# falls back to. (Strategies such as python pass their own list instead.)
DEFAULT_CHANGELOG_SECTIONS: tuple[ChangelogSection, ...] = (
    ChangelogSection("feat", "Features"),
    ChangelogSection("feature", "Features"),
    ChangelogSection("fix", "Bug Fixes"),
    ChangelogSection("perf", "Performance Improvements"),
    ChangelogSection("revert", "Reverts"),
    ChangelogSection("docs", "Documentation", hidden=True),
    ChangelogSection("style", "Styles", hidden=True),
    ChangelogSection("chore", "Miscellaneous Chores", hidden=True),
    ChangelogSection("refactor", "Code Refactoring", hidden=True),
    ChangelogSection("test", "Tests", hidden=True),
    ChangelogSection("build", "Build System", hidden=True),
    ChangelogSection("ci", "Continuous Integration", hidden=True),
)

# Headings release-please knows for a bare list of types (``buildChangelogSections``).
DEFAULT_HEADINGS: dict[str, str] = {
    "feat": "Features",
    "fix": "Bug Fixes",
    "perf": "Performance Improvements",
    "deps": "Dependencies",
    "revert": "Reverts",
    "docs": "Documentation",
    "style": "Styles",
    "chore": "Miscellaneous Chores",
    "refactor": "Code Refactoring",
    "test": "Tests",
    "build": "Build System",
    "ci": "Continuous Integration",
}


def build_changelog_sections(types: list[str] | tuple[str, ...]) -> tuple[ChangelogSection, ...]:
    """Visible sections for ``types``, titled by their usual heading or else the type itself.

    >>> [s.section for s in build_changelog_sections(["fix", "security"])]
    ['Bug Fixes', 'security']
    """
    return tuple(ChangelogSection(t, DEFAULT_HEADINGS.get(t) or t) for t in types)


def format_changelog_date(moment: datetime) -> str:
    """Format ``moment`` as release-please dates its notes: the UTC day as ``YYYY-MM-DD``.

    A naive ``moment`` is taken to be UTC already.

    >>> format_changelog_date(datetime(2025, 1, 15, 23, 30, tzinfo=timezone.utc))
    '2025-01-15'
    """
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildNotesOptions:
    """What a strategy tells the notes builder about the release being prepared.

    ``host`` is the ``changelog-host`` (None or empty means ``https://github.com``);
    ``previous_tag`` is the last release's tag (None or empty: no compare link);
    ``changelog_sections`` None means :data:`DEFAULT_CHANGELOG_SECTIONS` (an empty tuple
    means no section at all, so only breaking changes are shown); ``date`` is the heading
    date as already formatted (see :func:`format_changelog_date`).
    """

    owner: str
    repository: str
    version: str
    current_tag: str
    date: str
    previous_tag: str | None = None
    target_branch: str = "main"
    host: str | None = None
    changelog_sections: tuple[ChangelogSection, ...] | None = None
