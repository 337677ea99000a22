"""Tests for releasegate.engine.commits: conventional commits as release-please 17.11.2 parses them.

Expected values were checked against release-please's own parseConventionalCommits.
"""

from __future__ import annotations

import logging

import pytest

from releasegate.engine.commits import (
    BREAKING_CHANGE,
    RELEASE_AS,
    Commit,
    CommitNote,
    CommitReference,
    ConventionalCommit,
    parse_conventional_commits,
    split_messages,
)


def parse_one(message: str) -> list[ConventionalCommit]:
    """Parse a single commit message with a fixed sha."""
    return parse_conventional_commits([Commit("5eed", message)])


def headers(message: str) -> list[str]:
    """Return the header (``message``) of each conventional commit found in ``message``."""
    return [commit.message for commit in parse_one(message)]


def breaking_notes(message: str) -> list[str]:
    """Return the BREAKING CHANGE note texts of the commits found in ``message``."""
    return [
        note.text
        for commit in parse_one(message)
        for note in commit.notes
        if note.title == BREAKING_CHANGE
    ]


@pytest.mark.parametrize(
    ("message", "type_", "scope", "bare_message", "header", "breaking"),
    [
        # plain summaries
        ("feat: add a knob", "feat", None, "add a knob", "feat: add a knob", False),
        ("fix(cli): exit 2 on bad flags", "fix", "cli", "exit 2 on bad flags", None, False),
        ("docs(*): everywhere", "docs", "*", "everywhere", None, False),
        ("Fix: capitalised type", "Fix", None, "capitalised type", None, False),
        ("feature: not a known type", "feature", None, "not a known type", None, False),
        ("revert: feat: add a knob", "revert", None, "feat: add a knob", None, False),
        ("feat(a b): spaced scope", "feat", "a b", "spaced scope", None, False),
        ("feat(: )!: odd scope", "feat", ": ", "odd scope", "feat(: )!: odd scope", True),
        # breaking marker
        ("fix!: drop python 3.9", "fix", None, "drop python 3.9", None, True),
        ("feat(api)!: v2 only", "feat", "api", "v2 only", None, True),
        # whitespace after the colon is dropped from the header, not from the end of the subject
        ("feat:\t tabbed", "feat", None, "tabbed", "feat: tabbed", False),
        ("feat:no space", "feat", None, "no space", "feat: no space", False),
        ("chore: trailing  \n\nbody", "chore", None, "trailing  ", "chore: trailing  ", False),
        ("feat:", "feat", None, "", "feat: ", False),
        ("  \n\nfix: leading blank lines are trimmed", "fix", None, None, None, False),
        # " #" also separates type and subject
        ("fix #12 crash", "fix", None, "12 crash", "fix: 12 crash", False),
        # CRLF line endings
        ("fix(io): crlf\r\n\r\nbody\r\n", "fix", "io", "crlf", "fix(io): crlf", False),
    ],
)
def test_summary(
    message: str,
    *,
    type_: str,
    scope: str | None,
    bare_message: str | None,
    header: str | None,
    breaking: bool,
) -> None:
    """The summary line gives type, scope, subject, header and the breaking flag."""
    [commit] = parse_one(message)
    assert (commit.type, commit.scope, commit.breaking) == (type_, scope, breaking)
    if bare_message is not None:
        assert commit.bare_message == bare_message
    assert commit.message == (header if header is not None else message.strip().split("\n")[0])


@pytest.mark.parametrize(
    "message",
    [
        # no type/colon at all
        "Update README",
        "Merge branch 'main' into topic",
        "Merge pull request #7 from octo/topic",
        "",
        "   \n  ",
        # empty or unclosed scopes, nested parentheses
        "feat(): empty scope",
        "fix(parser: unclosed scope",
        "fix(a(b)): nested parens",
        # space before the colon, or no type before it
        "feat : spaced colon",
        ": no type",
        "!: bang only",
        # a footer-like body line with an unclosed parenthesis breaks the whole message
        "fix: real fix\n\ncall(a(b)) in the body",
        "fix: real fix\n\nintro\nwrap(x",
    ],
)
def test_unparsable_messages_are_skipped(message: str) -> None:
    """Messages the conventional-commits grammar rejects yield no commit at all."""
    assert parse_one(message) == []


def test_unparsable_message_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    """A skipped message is logged at debug level with its sha and first line."""
    with caplog.at_level(logging.DEBUG, logger="releasegate.engine.commits"):
        parse_conventional_commits([Commit("abc123", "WIP stuff\n\nmore")])
    assert "commit could not be parsed: abc123 WIP stuff" in caplog.text


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # a blank line followed by a known type and ": " starts a new message
        (
            "fix: one\n\nfeat(ui): two\n\nchore: three",
            ["fix: one", "feat(ui): two", "chore: three"],
        ),
        ("fix: one\r\n\r\nci: two", ["fix: one", "ci: two"]),
        # ... but not an unknown type, a capitalised one, or "type!:" (a body line here)
        ("fix: one\n\nfeature: two\nbody", ["fix: one"]),
        ("fix: one\n\nFeat: two\nbody", ["fix: one"]),
        ("fix: one\n\nfeat!: two\nbody", ["fix: one"]),
        # (unless the paragraph is all footers: see below)
        ("fix: one\n\nfeat!: two", ["feat!: two", "fix: one"]),
        # one newline is not enough: the line is parsed as a footer that is itself a commit
        ("fix: one\nfeat: two", ["feat: two", "fix: one"]),
        ("fix: one\nfeat!: two", ["feat!: two", "fix: one"]),
        # merge commits carry the squashed messages after a blank line
        (
            "Merge pull request #7 from octo/topic\n\nfix(parser): handle tabs",
            ["fix(parser): handle tabs"],
        ),
        # nested commits come after the rest of the message
        (
            "docs: outer\n\nBEGIN_NESTED_COMMIT\nfeat(a): inner\nEND_NESTED_COMMIT\ntail text",
            ["docs: outer", "feat(a): inner"],
        ),
        (
            (
                "BEGIN_NESTED_COMMIT\nfix: first\nEND_NESTED_COMMIT\n"
                "BEGIN_NESTED_COMMIT\nfeat!: second\nEND_NESTED_COMMIT"
            ),
            ["fix: first", "feat!: second"],
        ),
        # every footer with a type token is parsed again as a message
        (
            "chore: deps\n\nSigned-off-by: Ada <ada@example.com>\nRelease-As: 2.0.0",
            ["Signed-off-by: Ada <ada@example.com>", "Release-As: 2.0.0", "chore: deps"],
        ),
        ("fix: x\n\nRefs: #13", ["Refs: #13", "fix: x"]),
        ("fix: x\n\nCloses #12", ["fix: x"]),
        ("fix: x\n\nBREAKING CHANGE: gone", ["fix: x"]),
        # a footer's continuation lines become that commit's body and footers
        ("chore: x\nfeat(a): y\n  fix: z", ["fix: z", "feat(a): y", "chore: x"]),
    ],
)
def test_one_commit_many_messages(message: str, expected: list[str]) -> None:
    """Split messages, nested commits and commit-like footers each become a commit."""
    assert headers(message) == expected


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # "!" without a note: the note is the subject
        ("feat!: drop v1", ["drop v1"]),
        # a BREAKING CHANGE footer replaces it; lines of the value fold into one
        ("feat!: drop v1\n\nBREAKING CHANGE: use v2", ["use v2"]),
        ("feat: x\n\nBREAKING-CHANGE: hyphenated", ["hyphenated"]),
        # a footer value with continuation lines keeps only its last line
        ("feat: x\n\nBREAKING CHANGE: first line\n  second line", ["second line"]),
        # of several footers the last wins
        ("feat: x\n\nBREAKING CHANGE: one\nBREAKING CHANGE: two", ["two"]),
        # in the body: text from the first marker on, up to the first blank line
        (
            "fix: x\n\nintro\nBREAKING CHANGE: alpha\nmore text\nBREAKING CHANGE: beta\n\nlater",
            ["alpha more text beta"],
        ),
        # markdown headings and lists after the first line keep their lines, indented
        (
            "feat: x\n\nintro\nBREAKING CHANGE: renamed options\n- a\n- b\n#### Why\ntext",
            ["renamed options\n    - a\n    - b\n    #### Why\n    text"],
        ),
        # BREAKING-CHANGE: inside a body line also counts
        ("perf: x\n\nwe hit BREAKING-CHANGE:   inline note  \nok", ["inline note"]),
        ("perf: x\n\nsee BREAKING-CHANGE:\nnext line", ["next line"]),
        # ... and is added once more to a note found in the body
        (
            "fix!: x\n\nintro\nBREAKING CHANGE: a BREAKING-CHANGE: b\nend",
            ["a BREAKING-CHANGE: b end\nb"],
        ),
        # no colon: not a note, and the marker text is lost from the body
        ("fix: x\n\nintro\nBREAKING CHANGE without colon", []),
        ("feat: x\n\nBREAKING CHANGE:", []),
    ],
)
def test_breaking_change_notes(message: str, expected: list[str]) -> None:
    """BREAKING CHANGE notes get release-please's text; a note sets the breaking flag."""
    assert breaking_notes(message) == expected
    assert parse_one(message)[-1].breaking == bool(expected)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("chore: pin\n\nRelease-As: 2.0.0", "2.0.0"),
        ("chore: pin\n\nrelease-as: 2.5.0-beta.1", "2.5.0-beta.1"),
        ("chore: pin\n\nRELEASE-AS:   v3", "v3"),
        ("fix: pin\n\nRelease-As: 1.0.0\n  1.1.0", "1.1.0"),
    ],
)
def test_release_as_note(message: str, expected: str) -> None:
    """A Release-As footer (any casing) leaves a RELEASE AS note on the commit."""
    header = parse_one(message)[-1]
    assert CommitNote(RELEASE_AS, expected) in header.notes
    assert not header.breaking


def test_release_as_note_follows_breaking_note() -> None:
    """Notes are ordered: BREAKING CHANGE first, then RELEASE AS."""
    [_, _, commit] = parse_one("feat!: x\n\nRelease-As: 3.0.0\nReviewed-by: Bo")
    assert commit.notes == (
        CommitNote(BREAKING_CHANGE, "x"),
        CommitNote(RELEASE_AS, "3.0.0"),
    )


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("fix: x\n\nCloses #12", [CommitReference("#", "12", "Closes")]),
        ("fix: x\n\nRefs: #13", [CommitReference("#", "13", "Refs")]),
        (
            "fix: x\n\nfixes #1\nsee: #2",
            [CommitReference("#", "1", "fixes"), CommitReference("#", "2", "see")],
        ),
        ("fix: x\n\nBREAKING CHANGE #9", [CommitReference("#", "9", "")]),
        # no "#", several issues, other repos and the subject give nothing
        ("fix: x\n\nFixes: 15", []),
        ("fix: x\n\nRefs: #13, #14", []),
        ("fix: x\n\nCloses octo/repo#4", []),
        ("fix: x\n\nCloses GH-5", []),
        ("fix: crash (#45)", []),
        ("fix: x\n\nbody mentions closes #12 here", []),
    ],
)
def test_references(message: str, expected: list[CommitReference]) -> None:
    """Only footers of the form ``Token #N`` or ``Token: #N`` are issue references."""
    assert list(parse_one(message)[-1].references) == expected


def test_order_sha_and_files() -> None:
    """Commits keep input order; each carries the sha and files of the git commit it came from."""
    commits = [
        Commit("c3", "fix: newest\n\nfeat: also newest", ("a.py",)),
        Commit("c2", "not conventional", ("b.py",)),
        Commit("c1", "chore: oldest\n\nTested-by: Bo", ("c.py", "d.py")),
    ]
    parsed = parse_conventional_commits(commits)
    assert [(c.sha, c.message, c.files) for c in parsed] == [
        ("c3", "fix: newest", ("a.py",)),
        ("c3", "feat: also newest", ("a.py",)),
        ("c1", "Tested-by: Bo", ("c.py", "d.py")),
        ("c1", "chore: oldest", ("c.py", "d.py")),
    ]


def test_accepts_any_iterable() -> None:
    """A generator of commits is accepted and consumed once."""
    parsed = parse_conventional_commits(Commit(str(n), f"fix: {n}") for n in range(3))
    assert [c.bare_message for c in parsed] == ["0", "1", "2"]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("fix: a", ["fix: a"]),
        ("", []),
        ("fix: a\n\nbuild(deps): b", ["fix: a", "build(deps): b"]),
        ("fix: a\n\nbuild(x) y: b", ["fix: a\n\nbuild(x) y: b"]),
        ("fix: a\n\n\nfeat: b", ["fix: a\n", "feat: b"]),
        ("\n\nfeat: b", ["feat: b"]),
        ("x BEGIN_NESTED_COMMIT y END_NESTED_COMMIT z", ["x  z", " y "]),
        ("BEGIN_NESTED_COMMITunterminated", ["unterminated"]),
        (
            "BEGIN_NESTED_COMMITa END_NESTED_COMMIT b END_NESTED_COMMIT c",
            [" b END_NESTED_COMMIT c", "a "],
        ),
    ],
)
def test_split_messages(message: str, expected: list[str]) -> None:
    """split_messages cuts at blank lines before known types and pulls out nested blocks."""
    assert split_messages(message) == expected


def test_fast_constructors_equal_the_named_tuples() -> None:
    """The parser's fast constructors build what the constructors build, of the same type."""
    from releasegate.engine.commits import _conventional, make_commit  # noqa: PLC0415 - private

    args = ("s", "fix!: x", ("f",), "fix", "api", "x", (CommitNote("BREAKING CHANGE", "x"),))
    refs = (CommitReference("#", "1", "Refs"),)
    fast = _conventional(*args, refs, True)
    assert type(fast) is ConventionalCommit
    assert fast == ConventionalCommit(*args, refs, True)
    assert hash(fast) == hash(ConventionalCommit(*args, refs, True))
    assert fast.breaking is True
    assert fast.references == refs
    assert len(fast) == len(ConventionalCommit._fields)
    commit = make_commit("s", "fix: x", ("f",))
    assert type(commit) is Commit
    assert commit == Commit("s", "fix: x", ("f",))
    assert make_commit("s", "fix: x") == Commit("s", "fix: x")
