"""Property tests for releasegate.engine.commits: the parser never raises and keeps sha and files."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from releasegate.engine.commits import BREAKING_CHANGE, Commit, parse_conventional_commits

# Pieces that steer random text into the grammar's interesting corners.
FRAGMENTS = st.sampled_from(
    [
        "feat", "fix", "chore", "Release-As", "BREAKING CHANGE", "BREAKING-CHANGE", "Closes",
        "(", ")", "(scope)", "!", ":", ": ", " #", "#", "12", " ", "\t", "\n", "\n\n", "\r\n",
        "\r", "\u00a0", "\ufeff", "\u3000", "\u2028", "* ", "- ", "#### ", "BEGIN_NESTED_COMMIT",
        "END_NESTED_COMMIT", "Merge pull request #3 from a/b", "x", "\U0001f600",
    ]
)  # fmt: skip
MESSAGES = st.one_of(st.text(), st.lists(FRAGMENTS | st.text(max_size=3)).map("".join))
FILES = st.lists(st.text(min_size=1, max_size=10), max_size=3).map(tuple)


@given(message=MESSAGES, sha=st.text(min_size=1, max_size=40), files=FILES)
def test_never_raises_and_carries_sha_and_files(
    message: str, sha: str, files: tuple[str, ...]
) -> None:
    """Any text parses without error; every result has the commit's sha and files."""
    for commit in parse_conventional_commits([Commit(sha, message, files)]):
        assert (commit.sha, commit.files) == (sha, files)
        assert commit.type
        assert commit.breaking == any(note.title == BREAKING_CHANGE for note in commit.notes)


@given(messages=st.lists(MESSAGES, max_size=4))
def test_commits_are_parsed_independently(messages: list[str]) -> None:
    """Parsing several commits gives the concatenation of parsing each one alone."""
    commits = [Commit(str(index), message) for index, message in enumerate(messages)]
    expected = [parsed for commit in commits for parsed in parse_conventional_commits([commit])]
    assert parse_conventional_commits(commits) == expected


@given(message=MESSAGES)
def test_header_is_rebuilt_from_its_parts(message: str) -> None:
    """The header is type, optional (scope), optional "!", ": " and the subject."""
    for commit in parse_conventional_commits([Commit("s", message)]):
        scope = f"({commit.scope})" if commit.scope is not None else ""
        assert commit.message.startswith(f"{commit.type}{scope}")
        assert commit.message.endswith(f": {commit.bare_message}")
