"""release-pr: plan the release PR(s) release-please would open, then open or update them.

The plan is the engine's (:func:`releasegate.engine.plan.plan_release`); with a token, each
commit first gets the merged pull request GitHub has for it (``BEGIN_COMMIT_OVERRIDE``), as
release-please reads them online. A merged release PR that is not released yet stops the run
(the plan would count the whole history). Then each planned PR becomes one commit on its
release branch and, with a token, an open pull request (:mod:`releasegate.forge.release_branch`);
the action outputs ``prs_created``/``pr``/``prs`` are written for the PRs opened or updated.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from releasegate.engine import git
from releasegate.engine.manifest import MANIFEST_FILE_NAME
from releasegate.engine.merged_release import (
    contains_commit,
    describe_untagged,
    untagged_merges_of,
)
from releasegate.engine.plan import ReleasePlan, plan_release, pull_request_window
from releasegate.errors import GitError, GitHubError, ReleasegateError
from releasegate.forge import git_write, github
from releasegate.forge.actions_output import pull_request_outputs, write_outputs
from releasegate.forge.github_urls import api_url_from_env
from releasegate.forge.release_branch import (
    Published,
    pending_release,
    publish_branch,
    publish_branch_on_github,
    sync_pull,
)
from releasegate.forge.target import github_repository, repository_page, target_branch

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from releasegate._redact import Secret
    from releasegate.engine.commit_pull_requests import CommitAssociation
    from releasegate.engine.repository import Repository

__all__ = ["ReleasePrRun", "release_pr"]


@dataclass(frozen=True, slots=True)
class ReleasePrRun:
    """What a release-pr run planned and did.

    ``published``: each planned PR's release branch and pull request, in the plan's order;
    None for a dry run, or when a merged release PR, tagged, still waits for its publish (then
    nothing was written). ``page``: the repository's web page when ``origin`` is that
    repository on GitHub (:func:`releasegate.forge.target.repository_page`), after a real run.
    """

    plan: ReleasePlan
    repository: Repository
    published: tuple[Published, ...] | None = None
    page: str | None = None


def release_pr(
    repo: Path,
    *,
    branch: str | None = None,
    config_file: str | None = None,
    manifest_file: str = MANIFEST_FILE_NAME,
    github_repo: str | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
    push: bool = True,
) -> ReleasePrRun:
    """Plan the release PR(s); unless ``dry_run``, write, push and open or update them.

    In a shallow clone the missing history is fetched first (see
    :func:`releasegate.forge.git_write.deepen_until_complete`). ``push=False`` builds the
    release branches locally and calls no API. The plan's warnings go to stderr as they
    arise, before anything is written. Raises ReleasegateError when a merged release PR is
    not released yet (``github-release`` first), and the writes' own errors.
    """
    git.ensure_repository(repo)
    branch = target_branch(repo, branch)
    now = now or datetime.now(timezone.utc)
    repository = github_repository(repo, github_repo)
    token = github.token_from_env()

    def plan(pull_requests: Sequence[CommitAssociation] | None = None) -> ReleasePlan:
        return plan_release(
            repo, branch=branch, config_file=config_file, manifest_file=manifest_file,
            repository=repository, now=now, pull_requests=pull_requests,
        )  # fmt: skip

    def window() -> int:
        return pull_request_window(
            repo, branch=branch, config_file=config_file, manifest_file=manifest_file,
            repository=repository, now=now,
        )  # fmt: skip

    note = None
    if token is None or not push:
        release_plan = git_write.deepen_until_complete(repo, plan, branch=branch, token=token)
        if release_plan.history_window:
            why = "--no-push calls no API" if token else "no GITHUB_TOKEN"
            note = (
                f"{why}: merged pull requests were not read, so BEGIN_COMMIT_OVERRIDE blocks "
                "in their bodies are not applied"
            )
    else:
        # release-please online: each commit carries its merged PR (overrides, the PR's files).
        count = git_write.deepen_until_complete(repo, window, branch=branch, token=token)
        associations: tuple[CommitAssociation, ...] | None = ()
        head = git.resolve_branch(repo, branch)
        if count:
            with github.GitHub(repository, token, api_url=api_url_from_env()) as client:
                associations = client.associated_pull_requests(head, count)
        if associations is None and not dry_run:
            raise GitHubError(
                f"{repository.owner}/{repository.name}: GitHub does not have commit "
                f"{head[:12]} of {branch!r}; push it first (the release PR is built on what "
                "GitHub has)"
            )
        if associations is None:
            note = (
                f"GitHub does not have commit {head[:12]} of {branch!r} yet: merged pull "
                "requests were not read, so BEGIN_COMMIT_OVERRIDE blocks are not applied"
            )
        release_plan = plan(associations)
    # A merged release PR not tagged yet: the plan would count the whole history (issue 15).
    untagged = untagged_merges_of(
        repo, branch, release_plan, config_file=config_file, manifest_file=manifest_file
    )
    if untagged:
        raise ReleasegateError(describe_untagged(untagged, manifest_file))
    for warning in release_plan.warnings:
        sys.stderr.write(f"releasegate: warning: {warning}\n")
    if note is not None:
        sys.stderr.write(f"releasegate: note: {note}\n")
    published = (
        None if dry_run else _publish(repo, release_plan, repository, push=push, token=token)
    )
    if published is None:  # a dry run, or a merged, tagged release PR waits for its publish
        return ReleasePrRun(release_plan, repository)
    write_outputs(pull_request_outputs(_changed_pulls(release_plan, published)))
    return ReleasePrRun(
        release_plan, repository, tuple(published), repository_page(repo, repository)
    )


def _publish(
    repo: Path, plan: ReleasePlan, repository: Repository, *, push: bool, token: Secret | None
) -> list[Published] | None:
    """Write every planned PR; None when a merged release PR still waits for its release."""
    client = github.GitHub.from_env(repository) if push and token else None
    try:
        if client is not None:
            # One question per target branch and label set (separate PRs share them).
            distinct = {(pr.base_branch, pr.labels): pr for pr in plan.pull_requests}
            for pr in distinct.values():
                pending = pending_release(client, pr)
                if pending is None:
                    continue
                merge = pending.merge_commit_sha
                if not merge or not contains_commit(repo, pr.base_branch, merge):
                    raise GitError(
                        f"release PR #{pending.number} was merged into {pr.base_branch!r} on "
                        f"GitHub{f' at {merge[:12]}' if merge else ''}, which is not on "
                        f"{pr.base_branch!r} here; pull it (in CI, the run for that push "
                        "releases it), then run github-release and release-pr"
                    )
                # Merged and tagged here (the plan found its release): its release waits for
                # publish-release (draft-until-published) or its relabel; as release-please
                # does, open nothing until the PR is no longer pending.
                sys.stderr.write(
                    f"releasegate: warning: release PR #{pending.number} is merged and tagged "
                    f"but still labelled {pr.labels[0]!r}; nothing written until github-release "
                    "or publish-release relabels it\n"
                )
                return None
        outcomes: list[Published] = []
        for pr in plan.pull_requests:
            if client is not None:  # GitHub writes (and signs) the commit
                branch = publish_branch_on_github(repo, pr, client, token=token)
            else:
                branch = publish_branch(repo, pr, push=push, token=token)
            pull = sync_pull(client, pr) if client is not None else None
            outcomes.append(Published(branch, pull))
        return outcomes
    finally:
        if client is not None:
            client.close()


def _changed_pulls(plan: ReleasePlan, outcomes: Sequence[Published]) -> list[dict[str, Any]]:
    """The PRs this run opened or updated, shaped as release-please-action's ``pr`` output."""
    return [
        {
            "headBranchName": pr.head_branch,
            "baseBranchName": pr.base_branch,
            "number": outcome.pull.number,
            "title": pr.title,
            "body": pr.body,
            "files": [update.path for update in pr.updates],
            "labels": list(pr.labels),
        }
        for pr, outcome in zip(plan.pull_requests, outcomes, strict=True)
        if outcome.pull is not None and outcome.pull.state != "up to date"
    ]
