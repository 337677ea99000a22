"""The merged pull request each commit carries, as release-please attaches it online.

With a token, release-please reads the branch history through GitHub's GraphQL API, each commit
with its ``associatedPullRequests(first: 10)``, in pages of ``commit-batch-size`` commits
(``GitHub.mergeCommitsGraphQL`` in ``src/github.ts``). Per page it decides:

* a commit's *merge pull request* is the associated PR whose merge commit is this commit,
  provided no other commit of the same page is associated with that PR (squash merges, merge
  commits, a rebase merge of one commit);
* the commit carries its merge PR, else its first associated PR;
* a commit with a merge PR takes the PR's files (its first 100), unless the PR has more than
  100 (then the commit's own files, as for every commit without a merge PR).

The carried PR's ``BEGIN_COMMIT_OVERRIDE`` block then replaces the commit's message
(:func:`releasegate.engine.commits.override_message`). This module only computes; the GitHub client
(:meth:`releasegate.forge.github.GitHub.associated_pull_requests`) fetches the associations and the
planner applies the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasegate.engine.commits import make_commit, override_message

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping, Sequence

    from releasegate.engine.commits import Commit

__all__ = [
    "MAX_ASSOCIATED",
    "MAX_FILES",
    "MAX_LABELS",
    "AssociatedPullRequest",
    "CarriedPullRequest",
    "CommitAssociation",
    "carried_pull_requests",
    "history_window",
    "with_pull_requests",
]

#: release-please asks for ``associatedPullRequests(first: 10)``, ``labels(first: 10)`` and
#: ``files(first: 100)``.
MAX_ASSOCIATED = 10
MAX_LABELS = 10
MAX_FILES = 100


@dataclass(frozen=True, slots=True)
class AssociatedPullRequest:
    """A pull request GitHub associates with a commit (one ``associatedPullRequests`` node).

    ``files`` are the PR's first 100 changed paths; ``more_files`` says it has more.
    ``merge_commit`` is None for a PR that is not merged.
    """

    number: int
    title: str
    body: str
    base_branch: str
    head_branch: str
    labels: tuple[str, ...]
    merge_commit: str | None
    files: tuple[str, ...]
    more_files: bool = False


@dataclass(frozen=True, slots=True)
class CommitAssociation:
    """One commit of the branch history and the pull requests GitHub associates with it."""

    sha: str
    pull_requests: tuple[AssociatedPullRequest, ...]


@dataclass(frozen=True, slots=True)
class CarriedPullRequest:
    """The pull request a commit carries, and the files it gives the commit.

    ``files`` is None when the commit keeps its own changed paths; ``message`` is the PR's
    override of the commit message, None when its body has none.
    """

    pull_request: AssociatedPullRequest
    files: tuple[str, ...] | None
    message: str | None


def history_window(commits_read: int, batch_size: int) -> int:
    """How many commits from the head release-please reads with their PRs: whole pages.

    >>> history_window(11, 10), history_window(0, 10), history_window(10, 10)
    (20, 0, 10)
    """
    size = max(1, batch_size)
    return -(-commits_read // size) * size


def carried_pull_requests(
    history: Sequence[CommitAssociation], batch_size: int
) -> dict[str, CarriedPullRequest]:
    """Map each commit sha of ``history`` (newest first) to the pull request it carries.

    ``history`` is the branch history from its head in GitHub's order; the merge-PR rule is
    decided per page of ``batch_size`` commits, as release-please decides it. Commits without
    an associated pull request are left out.
    """
    size = max(1, batch_size)
    carried: dict[str, CarriedPullRequest] = {}
    for start in range(0, len(history), size):
        page = history[start : start + size]
        merge_commit_count: dict[str, int] = {}
        for commit in page:
            for pull in commit.pull_requests:
                if pull.merge_commit:
                    merge_commit_count[pull.merge_commit] = (
                        merge_commit_count.get(pull.merge_commit, 0) + 1
                    )
        for commit in page:
            if not commit.pull_requests:
                continue
            merge_pull = next(
                (
                    pull
                    for pull in commit.pull_requests
                    if pull.merge_commit == commit.sha and merge_commit_count.get(commit.sha) == 1
                ),
                None,
            )
            pull = merge_pull or commit.pull_requests[0]
            files = None
            if merge_pull is not None and not merge_pull.more_files:
                files = merge_pull.files
            carried[commit.sha] = CarriedPullRequest(pull, files, override_message(pull.body))
    return carried


def with_pull_requests(
    commits: Iterable[Commit], carried: Mapping[str, CarriedPullRequest]
) -> Iterator[Commit]:
    """Yield ``commits`` with the message and files their carried pull request gives them."""
    get = carried.get
    for commit in commits:
        found = get(commit.sha)
        if found is None:
            yield commit
            continue
        message = commit.message if found.message is None else found.message
        files = commit.files if found.files is None else found.files
        yield make_commit(commit.sha, message, files)
