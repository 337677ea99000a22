"""release-please's default release notes (``DefaultChangelogNotes``), byte for byte.

release-please renders its notes with conventional-changelog-writer 6.0.1 and the templates of
conventional-changelog-conventionalcommits 6.1.0; this module reproduces what that pipeline
prints, e.g.::

    ## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2025-01-15)


    ### Features

    * **cli:** add a flag ([abc1234](https://github.com/o/r/commit/abc1234...))

Rules worth knowing (all release-please's):

* the heading is always ``## `` (no ``### `` for patch releases); without a previous tag the
  version is not linked;
* breaking-change notes come first under ``### ⚠ BREAKING CHANGES``, in commit order;
* sections follow the configured order; a commit whose type has no section (or a hidden one)
  is shown only if it is breaking or carries a ``Release-As`` footer, and then under a section
  titled by its raw type, which sorts before every configured section;
* within a section commits are sorted by scope + subject with ICU's root collation (what
  ``String.prototype.localeCompare`` does in node);
* subjects have ``<``/``>`` escaped outside backticks, ``#12`` and ``@user`` linked; footer
  references are listed after ``, refs`` unless the subject already links them; scope ``*``
  is dropped; commit bodies never appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasegate.engine._js import JS_DOT, JS_WHITESPACE, js_key_order, js_trim
from releasegate.engine.changelog_notes import (
    DEFAULT_CHANGELOG_SECTIONS,
    DEFAULT_HOST,
    BuildNotesOptions,
    ChangelogSection,
)
from releasegate.engine.changelog_notes._collation import sort_by_collation
from releasegate.engine.commits import BREAKING_CHANGE, RELEASE_AS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from releasegate.engine.commits import CommitReference, ConventionalCommit

__all__ = ["build_notes", "link_note_issue"]

# JavaScript's \s (String.prototype.trim's table), as a regular-expression class body.
_JS_SPACE = re.escape(JS_WHITESPACE)

# release-please's htmlEscape: `code` (and ``code``) spans are kept, other < and > escaped.
_HTML = re.compile(rf"``[^`]{JS_DOT}*[^`]``|`[^`]*`|<|>")
# release-please links the first "(#12)" of a breaking-change note.
_NOTE_ISSUE = re.compile(r"\(#([0-9]+)\)")
# conventionalcommits' addBangNotes: a "type(scope)!: text" header without notes gets one.
_BANG_HEADER = re.compile(rf"^(\w*)(?:\(({JS_DOT}*)\))?!: ({JS_DOT}*)\Z", re.ASCII)
_RELEASE_AS = re.compile(
    rf"release-as:[{_JS_SPACE}]*\w*@?([0-9]+\.[0-9]+\.[0-9a-z]+(-[0-9a-z.]+)?)[{_JS_SPACE}]*",
    re.IGNORECASE | re.ASCII,
)
_SUBJECT_ISSUE = re.compile(r"(#)([0-9]+)")
_USER = re.compile(r"\B@([a-z0-9](?:-?[a-z0-9/]){0,38})", re.ASCII)

_BREAKING_NOTE = BREAKING_CHANGE
_RELEASE_AS_NOTE = RELEASE_AS
_NOTES_HEADING = "BREAKING CHANGES"


def build_notes(commits: Sequence[ConventionalCommit], options: BuildNotesOptions) -> str:
    """Render the release notes release-please writes for ``commits`` (newest first).

    The result has no trailing newline; it is the CHANGELOG entry and the release PR's notes.

    >>> from releasegate.engine.commits import ConventionalCommit
    >>> fix = ConventionalCommit("0123456789", "fix: x", (), "fix", None, "x")
    >>> opts = BuildNotesOptions(owner="o", repository="r", version="1.0.1",
    ...                          current_tag="v1.0.1", date="2025-01-15")
    >>> print(build_notes([fix], opts))
    ## 1.0.1 (2025-01-15)
    <BLANKLINE>
    <BLANKLINE>
    ### Bug Fixes
    <BLANKLINE>
    * x ([0123456](https://github.com/o/r/commit/0123456789))
    """
    renderer = _Renderer(options)
    shown = [entry for entry in map(renderer.transform, commits) if entry is not None]
    return js_trim(renderer.render(shown))


def link_note_issue(text: str, base_url: str) -> str:
    """Link the first ``(#12)`` of a breaking-change note to ``base_url/issues/12``.

    release-please's ``replaceIssueLink`` does this to every ``BREAKING CHANGE`` note while it
    builds the notes, in place, so ``changelog.json``, written afterwards, records the linked
    text too. ``base_url`` is ``<host>/<owner>/<repository>``.

    >>> link_note_issue("drop x (#60) (#61)", "https://github.com/o/r")
    'drop x ([#60](https://github.com/o/r/issues/60)) (#61)'
    """
    if "(#" not in text:
        return text
    return _NOTE_ISSUE.sub(lambda m: f"([#{m[1]}]({base_url}/issues/{m[1]}))", text, count=1)


@dataclass(slots=True)
class _Entry:
    """One commit as the changelog writer sees it after conventionalcommits' transform.

    Not frozen: one is built per shown commit, and a frozen dataclass's ``__init__`` costs
    twice as much; nothing changes an entry after ``transform`` returns it.
    """

    group: str
    scope: str
    subject: str
    header: str
    sha: str
    notes: list[str]
    references: list[CommitReference]


class _Renderer:
    """The writer's context for one release: links, sections and templates."""

    def __init__(self, options: BuildNotesOptions) -> None:
        self.options = options
        self.host = options.host or DEFAULT_HOST
        self.base = f"{self.host}/{options.owner}/{options.repository}"
        # An empty list is a real choice in release-please (JavaScript's [] is truthy).
        sections = options.changelog_sections
        self.sections: tuple[ChangelogSection, ...] = (
            DEFAULT_CHANGELOG_SECTIONS if sections is None else sections
        )
        self.order = [s.section for s in self.sections if s.section]
        self.section_of: dict[str, ChangelogSection] = {}
        for section in self.sections:  # the first section of a type wins
            self.section_of.setdefault(section.type, section)
        # conventional-changelog-writer links only when it knows the repository.
        self.link = bool(options.repository)

    def issue_url(self, issue: str) -> str:
        return f"{self.base}/issues/{issue}"

    def link_issue(self, match: re.Match[str]) -> str:
        return f"[{match[0]}]({self.base}/issues/{match[2]})"

    def link_user(self, match: re.Match[str]) -> str:
        user = match[1]
        return f"@{user}" if "/" in user else f"[@{user}]({self.host}/{user})"

    def transform(self, commit: ConventionalCommit) -> _Entry | None:
        """Prepare ``commit`` for the templates, or None when it is not shown."""
        entry = self.section_of.get((commit.type or "").lower())
        if (entry is None or entry.hidden) and not commit.notes and "!: " not in commit.message:
            return None  # hidden, and nothing below could make it shown: no note, no "!"
        notes = (
            [
                link_note_issue(note.text, self.base)
                for note in commit.notes
                if note.title == _BREAKING_NOTE
            ]
            if commit.notes
            else []
        )
        # The substring tests below only skip regexes that could not match.
        if not notes and "!: " in commit.message:
            bang = _BANG_HEADER.match(commit.message)
            if bang:
                notes.append(bang[3])
        discard = not notes
        if discard and commit.notes:
            footer = "\n".join(
                f"Release-As: {n.text}" for n in commit.notes if n.title == _RELEASE_AS_NOTE
            )
            discard = not _RELEASE_AS.search(footer)
        if discard and (entry is None or entry.hidden):
            return None

        subject = commit.bare_message
        if "<" in subject or ">" in subject:
            subject = _HTML.sub(_escape_match, subject)
        references = commit.references
        if "#" in subject:
            if references:
                issues = {match[0] for match in _SUBJECT_ISSUE.finditer(subject)}
                references = tuple(r for r in references if r.prefix + r.issue not in issues)
            subject = _SUBJECT_ISSUE.sub(self.link_issue, subject)
        if "@" in subject:
            subject = _USER.sub(self.link_user, subject)
        scope = commit.scope or ""
        return _Entry(
            entry.section if entry is not None else commit.type or "",
            "" if scope == "*" else scope,
            subject,
            commit.message,
            commit.sha,
            notes,
            list(references) if references else [],
        )

    def render(self, entries: list[_Entry]) -> str:
        """Fill conventionalcommits' main template with the shown commits."""
        opts = self.options
        out = ["## "]
        if opts.previous_tag:
            compare = f"{self.base}/compare/{opts.previous_tag}...{opts.current_tag}"
            out.append(f"[{opts.version}]({compare})")
        else:
            out.append(opts.version)
        if opts.date:
            out.append(f" ({opts.date})\n")
        out.append("\n")
        notes = [(e.scope, text) for e in entries for text in e.notes]
        if notes:
            out.append(f"\n### \u26a0 {_NOTES_HEADING}\n\n")
            out.extend(f"* **{s}:** {t}\n" if s else f"* {t}\n" for s, t in notes)
        for title, group in self._groups(entries):
            out.append(f"\n### {title}\n\n" if title else "\n")
            out.append("\n".join(map(self._commit_line, group)))  # groups are never empty
            out.append("\n\n")
        return "".join(out)

    def _groups(self, entries: list[_Entry]) -> list[tuple[str, list[_Entry]]]:
        """Group by section title in JavaScript object-key order, then by section order."""
        groups: dict[str, list[_Entry]] = {}
        for entry in entries:
            groups.setdefault(entry.group, []).append(entry)
        keys = js_key_order(groups)  # integer-like keys come first, ascending
        ranked = sorted(keys, key=lambda t: self.order.index(t) if t in self.order else -1)
        return [
            (title, sort_by_collation(groups[title], lambda e: e.scope + e.subject))
            for title in ranked
        ]

    def _commit_line(self, entry: _Entry) -> str:
        """Render the commit partial: scope, subject, commit link and remaining references."""
        sha = entry.sha
        if entry.scope:
            head = f"* **{entry.scope}:** {entry.subject or entry.header}"
        else:
            head = f"* {entry.subject or entry.header}"
        if sha and self.link:
            head = f"{head} ([{sha[:7]}]({self.base}/commit/{sha}))"
        elif sha:
            head = f"{head} {sha[:7]}"
        if not entry.references:
            return head
        line = [head, ", refs"]
        for ref in entry.references:
            text = f"{ref.prefix}{ref.issue}"
            line.append(f" [{text}]({self.issue_url(ref.issue)})" if self.link else f" {text}")
        return "".join(line)


def _escape_match(match: re.Match[str]) -> str:
    text = match[0]
    if len(text) > 1:
        return text
    return "&lt;" if text == "<" else "&gt;"
