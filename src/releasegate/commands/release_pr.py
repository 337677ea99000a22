"""``releasegate release-pr``: compute the release PR release-please would open, then open it.

The work is :func:`releasegate.forge.release_pr.release_pr`; this module reads the flags and
prints the plan and what was written.
"""

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
from releasegate.engine.manifest import MANIFEST_FILE_NAME
from releasegate.errors import UsageError
from releasegate.forge.release_pr import release_pr

if TYPE_CHECKING:
    from collections.abc import Sequence

    from releasegate.engine.plan import ReleasePlan
    from releasegate.engine.repository import Repository
    from releasegate.forge.release_branch import Published

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
    """Plan the release PR(s); unless --dry-run, write, push and open or update them."""
    now = parse_date(options.date) if options.date else None
    done = release_pr(
        options.project,
        branch=options.branch,
        config_file=options.config,
        manifest_file=options.manifest,
        github_repo=options.github_repo,
        now=now,
        dry_run=options.dry_run,
        push=not options.no_push,
    )
    plan, published = done.plan, done.published
    if published is None:  # a dry run, or a merged, tagged release PR waits for its publish
        sys.stdout.write(render_json(plan) if options.json else render_text(plan))
    elif options.json:
        sys.stdout.write(render_json(plan, published))
    else:
        outcomes = render_outcomes(published, done.repository, done.page)
        sys.stdout.write(render_text(plan) + outcomes)
    return 0


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
