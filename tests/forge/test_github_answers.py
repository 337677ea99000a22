"""Tests for releasegate.forge._github_answers: an answer of another shape is one line naming it."""

from __future__ import annotations

from typing import Any

import pytest

from releasegate.errors import GitHubError
from releasegate.forge._github_answers import (
    comment_of,
    commit_of,
    pull_request_of,
    ref_sha_of,
    release_of,
)

OPERATION = "octo/demo: read it"
CHECK = "check GITHUB_API_URL"


@pytest.mark.parametrize(
    ("read", "item", "message"),
    [
        (
            lambda item: ref_sha_of(item, OPERATION),
            {"object": None},
            f"{OPERATION}: the GitHub API answered an unexpected reference object; {CHECK}",
        ),
        (
            lambda item: pull_request_of(item, OPERATION),
            {"number": 7, "head": {}},
            f"{OPERATION}: the GitHub API answered an unexpected pull request object; {CHECK}",
        ),
        (
            comment_of,
            ["not", "an", "object"],
            f"the GitHub API answered an unexpected issue comment object; {CHECK}",
        ),
        (
            lambda item: release_of(item, OPERATION),
            {"id": "seven", "tag_name": "v1.0.0"},
            f"{OPERATION}: the GitHub API answered an unexpected release object; {CHECK}",
        ),
        (
            lambda item: commit_of(item, OPERATION),
            {"sha": "abc", "tree": "not-an-object", "parents": [], "message": "m"},
            f"{OPERATION}: the GitHub API answered an unexpected commit object; {CHECK}",
        ),
    ],
    ids=["reference", "pull-request", "issue-comment", "release", "commit"],
)
def test_an_object_of_another_shape_is_one_line(read: Any, item: Any, message: str) -> None:
    """Each reader names the object it expected and the setting to check, in one line."""
    with pytest.raises(GitHubError) as info:
        read(item)
    assert str(info.value) == message


def test_commit_of_reads_the_git_database_commit() -> None:
    """A git commit object gives its sha, tree, parents and message."""
    item = {"sha": "c1", "tree": {"sha": "t1"}, "parents": [{"sha": "p1"}], "message": "fix: x"}
    commit = commit_of(item, OPERATION)
    assert (commit.sha, commit.tree, commit.parents, commit.message) == (
        "c1",
        "t1",
        ("p1",),
        "fix: x",
    )
