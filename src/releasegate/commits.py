"""Conventional commits as release-please parses them.

``Commit`` is what git gives us; ``ConventionalCommit`` is one conventional message found in it
(one git commit can yield several). The parser is ``parse_conventional_commits``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Commit", "CommitNote", "CommitReference", "ConventionalCommit"]


@dataclass(frozen=True, slots=True)
class Commit:
    """A git commit: sha, raw message (trailing newlines stripped) and changed paths."""

    sha: str
    message: str
    files: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CommitNote:
    """A note such as ``BREAKING CHANGE: text`` (``title`` is ``BREAKING CHANGE``)."""

    title: str
    text: str


@dataclass(frozen=True, slots=True)
class CommitReference:
    """An issue reference such as ``closes #12`` (``action`` is None for a bare ``#12``)."""

    prefix: str
    issue: str
    action: str | None = None


@dataclass(frozen=True, slots=True)
class ConventionalCommit:
    """One conventional message of a commit, as release-please's ``ConventionalCommit``."""

    sha: str
    message: str
    files: tuple[str, ...]
    type: str
    scope: str | None
    bare_message: str
    notes: tuple[CommitNote, ...] = ()
    references: tuple[CommitReference, ...] = ()
    breaking: bool = False
