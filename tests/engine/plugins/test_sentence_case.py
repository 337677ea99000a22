"""Tests for releasegate.engine.plugins.sentence_case (release-please's sentence-case plugin)."""

from __future__ import annotations

import pytest

from releasegate.engine.commits import Commit, ConventionalCommit, parse_conventional_commits
from releasegate.engine.plugins.sentence_case import SPECIAL_WORDS, sentence_case


def conventional(message: str) -> ConventionalCommit:
    """Parse one conventional message."""
    [commit] = parse_conventional_commits([Commit("5eed", message, ("a.py",))])
    return commit


@pytest.mark.parametrize(
    ("message", "header", "bare_message"),
    [
        # the first letter of the subject goes upper case
        ("feat: add a knob", "feat: Add a knob", "Add a knob"),
        ("fix(db)!: drop column", "fix(db)!: Drop column", "Drop column"),
        # already upper case, digits, punctuation and non-ASCII letters stay
        ("feat: Add a knob", "feat: Add a knob", "Add a knob"),
        ("fix: 2 bugs", "fix: 2 bugs", "2 bugs"),
        ("fix: `code` first", "fix: `code` first", "`code` first"),
        ("fix: élan", "fix: élan", "élan"),
        # special words: the header's first word, the whole subject
        ("feat: npm", "feat: npm", "npm"),
        ("feat: npm support", "feat: npm support", "Npm support"),
        ("fix(deps): gRPC bump", "fix(deps): gRPC bump", "GRPC bump"),
        # the header splits at its first colon, even inside a scope
        ("feat(a:b): thing", "feat(a: B): thing", "Thing"),
        ("fix: a: b", "fix: A: b", "A: b"),
        # an empty subject
        ("feat:", "feat: ", ""),
    ],
)
def test_sentence_case(message: str, header: str, bare_message: str) -> None:
    """The header's first word and the subject get an upper-case first letter."""
    [commit] = sentence_case([conventional(message)])
    assert (commit.message, commit.bare_message) == (header, bare_message)


@pytest.mark.parametrize(
    ("special_words", "header", "bare_message"),
    [
        (None, "feat: npm", "npm"),
        (SPECIAL_WORDS, "feat: npm", "npm"),
        ([], "feat: Npm", "Npm"),
        (["other"], "feat: Npm", "Npm"),
        ({"npm"}, "feat: npm", "npm"),
    ],
)
def test_special_words_replace_the_defaults(
    special_words: list[str] | None, header: str, bare_message: str
) -> None:
    """special_words replaces the default list; an empty list means none."""
    [commit] = sentence_case([conventional("feat: npm")], special_words=special_words)
    assert (commit.message, commit.bare_message) == (header, bare_message)


def test_other_fields_and_order_are_kept() -> None:
    """Only message and bare_message change; commits keep their order."""
    commits = [conventional("feat!: one\n\nCloses #3"), conventional("fix: two")]
    result = sentence_case(commits)
    assert [c.bare_message for c in result] == ["One", "Two"]
    assert [(c.sha, c.files, c.type, c.notes, c.references, c.breaking) for c in result] == [
        (c.sha, c.files, c.type, c.notes, c.references, c.breaking) for c in commits
    ]
