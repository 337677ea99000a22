"""``releasegate release-pr``: compute the release PR release-please would open, then open it."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from releasegate.commands._options import Command, option
from releasegate.commands._shared_options import (
    BRANCH,
    CONFIG,
    GITHUB_REPO,
    JSON,
    MANIFEST,
    PROJECT,
)
from releasegate.engine import git
from releasegate.engine.manifest import MANIFEST_FILE_NAME
from releasegate.engine.merged_release import contains_commit, describe_untagged, untagged_merges_of
from releasegate.engine.plan import ReleasePlan, plan_release, pull_request_window
from releasegate.errors import GitError, GitHubError, ReleasegateError, UsageError
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

    from releasegate._redact import Secret
    from releasegate.engine.commit_pull_requests import CommitAssociation
    from releasegate.engine.repository import Repository

__all__ = [
    "COMMAND",
    "Options",
    "parse_date",
    "render_json",
    "render_outcomes",
    "render_text",
    "run",
]


@dataclass(frozen=True, slots=True)
class Options:
    """Options of ``release-pr``."""

    dry_run: bool = field(
        default=False,
        metadata=option("only compute and print the PR(s); no commit, push or API write"),
    )
    json: bool = field(default=False, metadata=JSON)
    config: str | None = field(default=None, metadata=CONFIG)
    manifest: str = field(default=MANIFEST_FILE_NAME, metadata=MANIFEST)
    branch: str | None = field(default=None, metadata=BRANCH)
    github_repo: str | None = field(default=None, metadata=GITHUB_REPO)
    date: str | None = field(
        default=None,
        metadata=option("release date: YYYY-MM-DD or an ISO 8601 timestamp (default: now, UTC)"),
    )
    no_push: bool = field(
        default=False,
        metadata=option("build the release branch locally; push nothing, call no API"),
    )
    project: Path = field(default=Path(), metadata=PROJECT)


def run(options: Options) -> int:
    """Plan the release PR(s); unless --dry-run, write, push and open or update them.

    In a shallow clone the missing history is fetched first (see
    :func:`releasegate.forge.git_write.deepen_until_complete`).
    """
    repo = options.project
    git.ensure_repository(repo)
    branch = target_branch(repo, options.branch)
    now = parse_date(options.date) if options.date else datetime.now(timezone.utc)
    repository = github_repository(repo, options.github_repo)
    token = github.token_from_env()

    def plan(pull_requests: Sequence[CommitAssociation] | None = None) -> ReleasePlan:
        return plan_release(
            repo, branch=branch, config_file=options.config, manifest_file=options.manifest,
            repository=repository, now=now, pull_requests=pull_requests,
        )  # fmt: skip

    def window() -> int:
        return pull_request_window(
            repo, branch=branch, config_file=options.config, manifest_file=options.manifest,
            repository=repository, now=now,
        )  # fmt: skip

    note = None
    if token is None or options.no_push:
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
        if associations is None and not options.dry_run:
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
        repo, branch, release_plan, config_file=options.config, manifest_file=options.manifest
    )
    if untagged:
        raise ReleasegateError(describe_untagged(untagged, options.manifest))
    _run_plan(release_plan, options, repo, repository, token, note=note)
    return 0


def _run_plan(
    plan: ReleasePlan,
    options: Options,
    repo: Path,
    repository: Repository,
    token: Secret | None,
    *,
    note: str | None,
) -> None:
    """Print the plan's warnings, carry it out unless --dry-run, and print the result."""
    for warning in plan.warnings:
        print(f"releasegate: warning: {warning}", file=sys.stderr)
    if note is not None:
        print(f"releasegate: note: {note}", file=sys.stderr)
    outcomes = (
        None
        if options.dry_run
        else _publish(repo, plan, repository, push=not options.no_push, token=token)
    )
    if outcomes is not None:
        write_outputs(pull_request_outputs(_changed_pulls(plan, outcomes)))
    if outcomes is None:  # a dry run, or a merged, tagged release PR waits for its publish
        sys.stdout.write(render_json(plan) if options.json else render_text(plan))
    elif options.json:
        sys.stdout.write(render_json(plan, outcomes))
    else:
        page = repository_page(repo, repository)
        sys.stdout.write(render_text(plan) + render_outcomes(outcomes, repository, page))


COMMAND = Command(
    name="release-pr",
    help="open or update the release PR release-please would open",
    description="Compute the release pull request(s) release-please 17 would open for this "
    "repository, from local git: versions, CHANGELOG entries and file edits. Then write them "
    "as one commit on the release branch, push it and, with GITHUB_TOKEN, open or update the "
    "pull request. Shallow clones fetch the history they lack first.",
    options=Options,
    run=run,
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
                print(
                    f"releasegate: warning: release PR #{pending.number} is merged and tagged "
                    f"but still labelled {pr.labels[0]!r}; nothing written until github-release "
                    "or publish-release relabels it",
                    file=sys.stderr,
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


def render_outcomes(outcomes: Sequence[Published], repository: Repository, page: str | None) -> str:
    """What the run did: each release branch, then its PR (or where to open it).

    ``page`` is the web page of ``repository`` when origin is that repository on GitHub; None
    otherwise (a local path, another forge), so a pushed branch gets no GitHub link.
    """
    lines = [""]
    for outcome in outcomes:
        branch, pull = outcome.branch, outcome.pull
        where = {"pushed": "pushed", "up to date": "up to date", "local": "built locally"}
        how = " (commit made and signed by GitHub)" if branch.verified else ""
        lines.append(f"Release branch {branch.name}: {where[branch.state]} at {branch.commit}{how}")
        if pull is not None:
            lines.append(f"Release PR #{pull.number}: {pull.state}: {pull.url}")
        elif branch.state == "local":
            continue
        elif page is not None:
            lines.append(
                f"No GITHUB_TOKEN: open the release PR at {page}/compare/"
                f"{branch.base}...{branch.name}?expand=1"
            )
        else:
            lines.append(
                f"No GITHUB_TOKEN, and origin is not {repository.owner}/{repository.name} on "
                f"GitHub: no link to a release PR from {branch.name} into {branch.base}"
            )
    return "\n".join(lines) + "\n"


def parse_date(text: str) -> datetime:
    """Parse ``--date``: a day (midnight UTC) or an ISO 8601 timestamp (naive means UTC).

    >>> parse_date("2025-01-15T12:00:00Z").isoformat()
    '2025-01-15T12:00:00+00:00'
    """
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"--date: {text!r} is not a date; use YYYY-MM-DD or an ISO 8601 timestamp "
            "such as 2025-01-15T12:00:00Z"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def render_json(plan: ReleasePlan, outcomes: Sequence[Published] | None = None) -> str:
    """The ``--json`` document: ``{"pullRequests": [...]}`` with every file's new content.

    After a real run each pull request also has ``"result"``: the branch commit and state, and
    the PR number, URL and state (null without a token).
    """
    prs: list[dict[str, Any]] = [
        {
            "title": pr.title,
            "headBranchName": pr.head_branch,
            "baseBranchName": pr.base_branch,
            "body": pr.body,
            "labels": list(pr.labels),
            "version": pr.version,
            "draft": pr.draft,
            "updates": [{"path": u.path, "content": u.content} for u in pr.updates],
        }
        for pr in plan.pull_requests
    ]
    results: Sequence[Published | None] = outcomes if outcomes is not None else [None] * len(prs)
    for doc, outcome in zip(prs, results, strict=True):
        if outcome is None:
            continue
        pull = outcome.pull
        doc["result"] = {
            "commit": outcome.branch.commit,
            "branch": outcome.branch.state,
            "verified": outcome.branch.verified,
            "pullRequest": None
            if pull is None
            else {"number": pull.number, "url": pull.url, "state": pull.state},
        }
    return json.dumps({"pullRequests": prs}, indent=2, ensure_ascii=False) + "\n"


def render_text(plan: ReleasePlan) -> str:
    """A readable summary: each package's decision, then each PR with its notes and files."""
    lines: list[str] = []
    for package in plan.packages:
        name = package.component or ("root package" if package.path == "." else package.path)
        current = package.current_version or "unreleased"
        if package.next_version:
            lines.append(f"{name}: {current} -> {package.next_version} ({package.reason})")
        else:
            lines.append(f"{name}: {current}, no release ({package.reason})")
    if not plan.pull_requests:
        lines.append("\nNothing to release.")
    for pr in plan.pull_requests:
        lines += ["", f"Release PR: {pr.title}", f"  branch: {pr.head_branch} -> {pr.base_branch}"]
        lines.append(
            f"  labels: {', '.join(pr.labels) or '(none)'}{'  [draft]' if pr.draft else ''}"
        )
        lines.append("  files:")
        lines += [f"    {u.status:<8} {u.path}" for u in pr.updates]
        lines += ["", pr.body]
    return "\n".join(lines) + "\n"
