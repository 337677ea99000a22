"""The merged PR each commit carries (release-please's mergeCommitsGraphQL rule) and its override."""

from __future__ import annotations

from typing import Any

import pytest

from releasegate.engine.commit_pull_requests import (
    AssociatedPullRequest,
    CommitAssociation,
    carried_pull_requests,
    history_window,
    with_pull_requests,
)
from releasegate.engine.commits import Commit, override_message


def _pr(number: int, merge: str | None, body: str = "", **more: Any) -> AssociatedPullRequest:
    fields: dict[str, Any] = {
        "title": f"pr {number}", "base_branch": "main", "head_branch": f"pr-{number}",
        "labels": (), "files": (f"f{number}.py",),
    }  # fmt: skip
    fields.update(more)
    return AssociatedPullRequest(number, body=body, merge_commit=merge, **fields)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", None),
        ("no block here", None),
        ("BEGIN_COMMIT_OVERRIDE\nfix: a\nEND_COMMIT_OVERRIDE", "fix: a"),
        ("text\r\n\r\nBEGIN_COMMIT_OVERRIDE\r\nfix: a\r\nfeat: b\r\nEND_COMMIT_OVERRIDE\r\n", "fix: a\r\nfeat: b"),
        ("BEGIN_COMMIT_OVERRIDE\n \u00a0\nEND_COMMIT_OVERRIDE", None),  # empty after a JS trim
        ("BEGIN_COMMIT_OVERRIDE\nfix: open\n", "fix: open"),  # no END: the rest of the body
        ("BEGIN_COMMIT_OVERRIDE\nfix: a\nBEGIN_COMMIT_OVERRIDE\nfix: b\nEND_COMMIT_OVERRIDE", "fix: a"),
        ("END_COMMIT_OVERRIDE\nBEGIN_COMMIT_OVERRIDE\nfix: after\nEND_COMMIT_OVERRIDE", "fix: after"),
    ],
    ids=["empty", "none", "block", "crlf-two-lines", "blank", "unterminated", "two-blocks", "end-first"],
)  # fmt: skip
def test_override_message(body: str, expected: str | None) -> None:
    """The override is preprocessCommitMessage's: first BEGIN, up to END or the next BEGIN."""
    assert override_message(body) == expected


def test_squash_merge_carries_its_pr_files_and_override() -> None:
    """A commit that is its PR's merge commit takes the PR's files and the override."""
    pr = _pr(5, "c1", "BEGIN_COMMIT_OVERRIDE\nfeat!: x\nEND_COMMIT_OVERRIDE")
    carried = carried_pull_requests([CommitAssociation("c1", (pr,))], 10)
    assert carried["c1"].pull_request == pr
    assert carried["c1"].files == ("f5.py",)
    assert carried["c1"].message == "feat!: x"


def test_rebase_merge_in_one_page_keeps_own_files_but_carries_the_pr() -> None:
    """Two commits of one PR in the same page: no merge PR, so own files; both carry the PR."""
    pr = _pr(7, "c1", "BEGIN_COMMIT_OVERRIDE\nfix: y\nEND_COMMIT_OVERRIDE")
    history = [CommitAssociation("c1", (pr,)), CommitAssociation("c2", (pr,))]
    carried = carried_pull_requests(history, 10)
    assert carried["c1"].files is None
    assert carried["c2"].files is None
    assert carried["c1"].message == carried["c2"].message == "fix: y"


def test_page_boundary_decides_the_merge_pr() -> None:
    """The same two commits split across pages: the merge commit now takes the PR's files."""
    pr = _pr(7, "c1")
    history = [CommitAssociation("c1", (pr,)), CommitAssociation("c2", (pr,))]
    carried = carried_pull_requests(history, 1)
    assert carried["c1"].files == ("f7.py",)
    assert carried["c2"].files is None


def test_more_than_100_files_and_first_associated() -> None:
    """A merge PR with more files keeps the commit's own; a non-merge commit carries nodes[0]."""
    big = _pr(9, "c1", more_files=True)
    first, second = _pr(1, "zz"), _pr(2, "yy")
    history = [CommitAssociation("c1", (big,)), CommitAssociation("c3", (first, second))]
    carried = carried_pull_requests(history, 10)
    assert carried["c1"].files is None
    assert carried["c3"].pull_request == first
    assert carried["c3"].files is None


def test_merge_pr_preferred_over_first_associated() -> None:
    """The commit's merge PR wins over an earlier associated PR."""
    other, merge = _pr(1, "elsewhere"), _pr(2, "c1")
    carried = carried_pull_requests([CommitAssociation("c1", (other, merge))], 10)
    assert carried["c1"].pull_request == merge


def test_with_pull_requests_rewrites_only_carrying_commits() -> None:
    """Commits without a PR pass through untouched; others get override and files."""
    pr = _pr(5, "c1", "BEGIN_COMMIT_OVERRIDE\nfeat: z\nEND_COMMIT_OVERRIDE", files=())
    carried = carried_pull_requests([CommitAssociation("c1", (pr,))], 10)
    commits = [Commit("c1", "fix: a", ("a.py",)), Commit("c2", "fix: b", ("b.py",))]
    assert list(with_pull_requests(commits, carried)) == [
        Commit("c1", "feat: z", ()),
        Commit("c2", "fix: b", ("b.py",)),
    ]


@pytest.mark.parametrize(
    ("read", "batch", "window"), [(0, 10, 0), (1, 10, 10), (10, 10, 10), (11, 3, 12), (5, 0, 5)]
)
def test_history_window(read: int, batch: int, window: int) -> None:
    """Whole pages of commit-batch-size cover the commits read (a size of 0 counts as 1)."""
    assert history_window(read, batch) == window
