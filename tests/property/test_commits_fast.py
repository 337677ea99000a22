"""Property tests for releasegate.engine._commit_fast: the fast path gives what the full parser gives."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from releasegate.engine._commit_fast import parse_simple
from releasegate.engine.commits import (
    Commit,
    _from_simple,
    _parse_full,
    parse_conventional_commits,
    split_messages,
)

# Messages biased toward the fast path's shapes, with the corner cases next to them mixed in.
TYPES = st.sampled_from(["feat", "fix", "chore", "x", "Feat", "a-b", "release-as", "\u3000fix"])
SCOPES = st.sampled_from(["", "(api)", "(a b)", "()", "(x", "(a:b)", "((x))"])
SEPARATORS = st.sampled_from([":", ": ", ":  ", ":\t", ": \u3000", " #", ": \u00a0"])
SUBJECTS = st.sampled_from(["subject", "", "x (#12)", "a <b>", "BREAKING", " ", "\u2028"])
LINES = st.sampled_from(
    [
        "A body paragraph.", "Refs: #12", "Refs: 12", "Closes #12", "closes #7 ",
        "Release-As: 2.0.0", "release-as:  v3.0.0-rc.1 ", "Release-As:", "Release-As #1.2.3",
        "fix: nested", "feat(x): y", "feat!: z", "Signed-off-by: A <a@b>", "  indented",
        "\tindented", "- list item", "* star", "call(a(b))", "x!: y", "BREAKING CHANGE: z",
        "BREAKING-CHANGE: z", " #5", "#5", "Fixes #99 and more", "Refs:", "Refs: ",
        "Refs #fix: x", "\u3000Refs: x", "Refs: #fix: y", "Token #12", "a #", "key:value",
        "key : value", "word", "(x)", "!x", "fix(: x", "Refs: #12 #13", "ok: \u00a0v",
        "\ufeffRefs: #3",
    ]
)  # fmt: skip
NEWLINES = st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\n\n\n", "\r\n\r\n"])
PADDING = st.sampled_from(["", " ", "\t", "\u00a0", "\ufeff", "\n"])


@st.composite
def messages(draw: st.DrawFn) -> str:
    """A summary line, then lines of body text and footers, with some padding."""
    head = draw(TYPES) + draw(SCOPES) + draw(st.sampled_from(["", "!"]))
    parts = [draw(PADDING), head + draw(SEPARATORS) + draw(SUBJECTS)]
    for line in draw(st.lists(LINES | st.text(max_size=8), max_size=6)):
        parts += [draw(NEWLINES), draw(PADDING).strip("\n"), line]
    parts.append(draw(PADDING))
    return "".join(parts)


def fast(message: str) -> list[object] | None:
    """The fast path's commits for ``message`` (sha "s", one file), or None."""
    simple = parse_simple(message)
    commit = Commit("s", message, ("f",))
    return None if simple is None else [_from_simple(commit, item) for item in simple]


@settings(max_examples=3000)
@given(message=messages() | st.text())
@example("fix(api)!: drop x\n\nBody.\n\nRefs: #12\nRelease-As: 2.0.0\nCloses #3")
@example("feat: y\n\nRefs #fix: x")
def test_fast_path_equals_full_parser(message: str) -> None:
    """Where the fast path answers, it builds exactly the full parser's commits."""
    result = fast(message)
    if result is not None:
        assert result == _parse_full(Commit("s", message, ("f",)), message)


# Messages the fast path must take, so that it is not silently bypassed.
@pytest.mark.parametrize(
    "message",
    [
        "fix: x",
        "feat(api)!: y",
        "chore(deps): bump a from 1 to 2 (#34)",
        "fix: x\n\nA body.\n\nMore body\nlines here.",
        "fix: x\n\nBody.\n\nRefs: #12\nSigned-off-by: A <a@example.com>",
        "feat: y\n\nCloses #7\nRelease-As: 2.0.0",
    ],
)
def test_common_shapes_take_the_fast_path(message: str) -> None:
    """Everyday messages are answered by the fast path, equal to the full parser."""
    assert fast(message) == _parse_full(Commit("s", message, ("f",)), message)
    assert fast(message) is not None


@pytest.mark.parametrize(
    "message",
    [
        "fix: x\n\nBREAKING CHANGE: y",
        "fix(x: unclosed",
        "fix: x\n\ncall(a(b))",
        "fix: x\n\nRefs: #1\n  continued",
        "feat!: x\n\nfix(scope)!: nested",
    ],
)
def test_other_shapes_fall_back(message: str) -> None:
    """Breaking markers, scopes in footers and continuations are left to the full parser."""
    assert parse_simple(message) is None


@settings(max_examples=1000)
@given(message=messages() | st.text())
@example("fix(api)!: drop x")
@example("feat!:  ")
@example("\u3000fix(a b)!:\u00a0x\u2028")
@example("chore: BREAKING")
def test_parse_conventional_commits_matches_full_parser(message: str) -> None:
    """The public parser, fast path included, equals the full parser on each split message."""
    commit = Commit("s", message, ("f",))
    expected = [c for piece in split_messages(message) for c in _parse_full(commit, piece)]
    assert parse_conventional_commits([commit]) == expected
