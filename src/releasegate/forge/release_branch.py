"""Publishing a planned release PR: its branch (one commit on the target) and its pull request.

Two ways to make the branch's commit, with the same tree:

* with a GitHub client, through the API (:func:`publish_branch_on_github`): the release branch
  is created or reset to the target's tip over REST, then GraphQL ``createCommitOnBranch``
  writes the commit, which GitHub signs (Verified), so repositories that require signed commits
  accept the release PR;
* without one, with git plumbing and a push (:func:`publish_branch`).

The order of the writes makes every run resumable: the commit, then the branch, then the pull
request. A run that dies between two steps leaves only states the next run recognises and
finishes; nothing here touches the user's work tree, index or current branch (see
:mod:`releasegate.forge.git_write`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from releasegate.engine import git
from releasegate.errors import GitError
from releasegate.forge import git_write

if TYPE_CHECKING:
    from pathlib import Path

    from releasegate._redact import Secret
    from releasegate.engine.plan import PlannedPullRequest
    from releasegate.forge.github import GitHub, PullRequest

__all__ = [
    "BranchResult",
    "Published",
    "PullRequestResult",
    "pending_release",
    "publish_branch",
    "publish_branch_on_github",
    "sync_pull",
]

REMOTE = "origin"


@dataclass(frozen=True, slots=True)
class BranchResult:
    """The release branch after a run: its commit, and whether this run pushed it.

    ``verified`` when GitHub wrote the commit (``createCommitOnBranch``), which it signs.
    """

    name: str
    base: str
    commit: str
    state: Literal["pushed", "up to date", "local"]
    verified: bool = False


@dataclass(frozen=True, slots=True)
class PullRequestResult:
    """The release pull request after a run."""

    number: int
    url: str
    state: Literal["opened", "updated", "up to date"]


@dataclass(frozen=True, slots=True)
class Published:
    """One planned PR after a run: its branch, and its pull request (None without a token)."""

    branch: BranchResult
    pull: PullRequestResult | None


def _local_sha(repo: Path, branch: str) -> str | None:
    return git.resolve_ref(repo, f"refs/heads/{branch}")


def _check_base(repo: Path, base: str, tip: str, token: Secret | None) -> None:
    """The release commit sits on ``tip``: refuse when the remote's ``base`` is elsewhere.

    A laptop's branch may hold unpushed commits, which would ride into the release PR.
    """
    remote_tip = git_write.remote_branch_sha(repo, base, remote=REMOTE, token=token)
    if remote_tip != tip:
        where = f"at {remote_tip[:12]}" if remote_tip else "missing"
        raise GitError(
            f"branch {base!r} is at {tip[:12]} here but {where} on {REMOTE!r}; the release PR "
            f"is built on what {REMOTE!r} has: pull or push {base!r}, then run release-pr again "
            "(in CI, the run for the newer commit does it)"
        )


def _reusable(repo: Path, sha: str, *, tree: str, tip: str, title: str) -> bool:
    """Whether the existing branch commit ``sha`` already is the commit this run would write."""
    return git_write.same_commit(repo, sha, tree=tree, parent=tip, message=title)


def publish_branch(
    repo: Path, pr: PlannedPullRequest, *, push: bool, token: Secret | None
) -> BranchResult:
    """Make ``pr.head_branch`` one commit (message: the title) with ``pr.updates`` on the target.

    The branch is regenerated from the target's tip on every run, as release-please does; when
    the existing branch already has exactly that content, parent and message, nothing is
    written. With ``push``, the remote branch is updated with a lease on the sha read before.
    """
    tip = git.resolve_branch(repo, pr.base_branch)
    files = {change.path: change.content for change in pr.updates}
    tree = git_write.write_tree(repo, parent=tip, files=files)
    local = _local_sha(repo, pr.head_branch)
    remote: str | None = None
    if push:
        _check_base(repo, pr.base_branch, tip, token)
        remote = git_write.remote_branch_sha(repo, pr.head_branch, remote=REMOTE, token=token)
        if remote is not None and remote != local:
            git_write.fetch_commit(repo, pr.head_branch, remote=REMOTE, token=token)
    # The remote's commit first (nothing to push), then one built locally before (--no-push,
    # or a run that died before its push).
    reusable = [
        s for s in (remote, local) if s and _reusable(repo, s, tree=tree, tip=tip, title=pr.title)
    ]
    if reusable:
        sha = reusable[0]
    else:
        sha = git_write.commit_tree(repo, tree, parent=tip, message=pr.title)
    if local != sha:
        git_write.set_branch(repo, pr.head_branch, sha)
    if not push:
        return BranchResult(pr.head_branch, pr.base_branch, sha, "local")
    if remote == sha:
        return BranchResult(pr.head_branch, pr.base_branch, sha, "up to date")
    git_write.push_branch(repo, pr.head_branch, sha, expected=remote, remote=REMOTE, token=token)
    return BranchResult(pr.head_branch, pr.base_branch, sha, "pushed")


def publish_branch_on_github(
    repo: Path, pr: PlannedPullRequest, client: GitHub, *, token: Secret | None
) -> BranchResult:
    """Make ``pr.head_branch`` one commit with ``pr.updates`` on the target, through GitHub.

    The tree is computed locally first, exactly as :func:`publish_branch` computes it. When
    GitHub's branch already is that tree on the target's tip with the PR title as message,
    nothing is written. Otherwise the branch is created or force-reset to the tip (REST), and
    ``createCommitOnBranch`` (GraphQL, expecting the tip as head) writes the commit; its tree
    must be the local one. The local branch ref then points at GitHub's commit.
    """
    tip = git.resolve_branch(repo, pr.base_branch)
    on_github = client.branch_head(pr.base_branch)
    if on_github != tip:
        where = f"at {on_github[:12]}" if on_github else "missing"
        raise GitError(
            f"branch {pr.base_branch!r} is at {tip[:12]} here but {where} on GitHub; the release "
            f"PR is built on what GitHub has: pull or push {pr.base_branch!r}, then run "
            "release-pr again (in CI, the run for the newer commit does it)"
        )
    files = {change.path: change.content for change in pr.updates}
    tree = git_write.write_tree(repo, parent=tip, files=files)
    head = client.branch_head(pr.head_branch)
    if head is not None:
        existing = client.commit(head)
        if (
            existing is not None
            and (existing.tree, existing.parents) == (tree, (tip,))
            and existing.message.rstrip("\n") == pr.title.rstrip("\n")
        ):
            _follow(repo, pr.head_branch, head, token)
            return BranchResult(pr.head_branch, pr.base_branch, head, "up to date", verified=True)
    if head != tip:
        client.point_branch(pr.head_branch, tip, exists=head is not None)
    created = client.create_commit_on_branch(
        pr.head_branch, expected_head=tip, files=files, message=pr.title
    )
    if created.tree != tree:
        raise GitError(
            f"GitHub's release commit {created.oid[:12]} on {pr.head_branch!r} has tree "
            f"{created.tree[:12]}, not {tree[:12]} as computed here; close the release PR, "
            "delete the branch and report this to releasegate"
        )
    _follow(repo, pr.head_branch, created.oid, token)
    return BranchResult(pr.head_branch, pr.base_branch, created.oid, "pushed", verified=True)


def _follow(repo: Path, branch: str, sha: str, token: Secret | None) -> None:
    """Point the local ``branch`` at GitHub's commit ``sha``, fetching it when missing."""
    if _local_sha(repo, branch) == sha:
        return
    if not git_write.has_commit(repo, sha):
        git_write.fetch_commit(repo, branch, remote=REMOTE, token=token)
    git_write.set_branch(repo, branch, sha)


def pending_release(client: GitHub, pr: PlannedPullRequest) -> PullRequest | None:
    """A merged release PR into ``pr``'s base that is still untagged (labels still pending).

    release-please opens no new release PR while one exists (manifest.ts, createPullRequests).
    """
    if not pr.labels:
        return None
    for merged in client.merged_pull_requests(pr.base_branch, pr.labels[0]):
        if all(label in merged.labels for label in pr.labels):
            return merged
    return None


def sync_pull(client: GitHub, pr: PlannedPullRequest) -> PullRequestResult:
    """Open the release PR for ``pr.head_branch``, or bring the open one up to date.

    Title, body and labels are compared first: an equal PR costs no write.
    """
    existing = client.find_open_pull_request(pr.head_branch, pr.base_branch)
    if existing is None:
        opened = client.create_pull_request(
            title=pr.title, head=pr.head_branch, base=pr.base_branch, body=pr.body, draft=pr.draft
        )
        client.add_labels(opened.number, list(pr.labels))
        return PullRequestResult(opened.number, opened.html_url, "opened")
    changed = False
    if (existing.title, existing.body) != (pr.title, pr.body):
        client.update_pull_request(existing.number, title=pr.title, body=pr.body)
        changed = True
    missing = [label for label in pr.labels if label not in existing.labels]
    if missing:
        client.add_labels(existing.number, missing)
        changed = True
    return PullRequestResult(
        existing.number, existing.html_url, "updated" if changed else "up to date"
    )
