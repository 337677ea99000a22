"""``releasegate release-pr``: the release PR release-please would open, computed locally."""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from releasegate import git
from releasegate.commands._options import Command, option
from releasegate.errors import UsageError
from releasegate.plan import ReleasePlan, plan_release
from releasegate.strategies import Repository

__all__ = [
    "COMMAND",
    "Options",
    "parse_date",
    "parse_github_repo",
    "render_json",
    "render_text",
    "run",
]

_REMOTE = re.compile(
    r"(?:github\.com|[\w.-]+)[:/](?P<owner>[\w.-]+)/(?P<name>[\w.-]+?)(?:\.git)?/?$"
)


@dataclass(frozen=True, slots=True)
class Options:
    """Options of ``release-pr``."""

    dry_run: bool = field(default=False, metadata=option("only compute and print the PR(s)"))
    json: bool = field(default=False, metadata=option("print one JSON document"))
    config: str | None = field(
        default=None,
        metadata=option(
            "config file in the repo (default: release-please-config.json, "
            "else .release-please-config.json)",
            metavar="PATH",
        ),
    )
    manifest: str = field(
        default=".release-please-manifest.json",
        metadata=option("versions manifest in the repo", metavar="PATH"),
    )
    branch: str | None = field(
        default=None, metadata=option("target branch (default: the current branch)")
    )
    github_repo: str | None = field(
        default=None,
        metadata=option(
            "repository for links (default: $GITHUB_REPOSITORY, else the origin remote)",
            metavar="OWNER/NAME",
        ),
    )
    date: str | None = field(
        default=None,
        metadata=option("release date: YYYY-MM-DD or an ISO 8601 timestamp (default: now, UTC)"),
    )
    project: Path = field(default=Path(), metadata=option("run in PATH", short="C", metavar="PATH"))


def run(options: Options) -> int:
    """Plan the release PR(s) and print them."""
    if not options.dry_run:
        raise UsageError(
            "release-pr: opening the PR on GitHub is not available yet; "
            "pass --dry-run to compute it"
        )
    repo = options.project
    git.ensure_repository(repo)
    branch = options.branch or git.current_branch(repo)
    now = parse_date(options.date) if options.date else datetime.now(timezone.utc)
    plan = plan_release(
        repo,
        branch=branch,
        config_file=options.config,
        manifest_file=options.manifest,
        repository=parse_github_repo(options.github_repo, repo),
        now=now,
    )
    for warning in plan.warnings:
        print(f"releasegate: warning: {warning}", file=sys.stderr)
    sys.stdout.write(render_json(plan) if options.json else render_text(plan))
    return 0


COMMAND = Command(
    name="release-pr",
    help="compute the release PR release-please would open",
    description="Compute the release pull request(s) release-please 17 would open for this "
    "repository, from local git: versions, CHANGELOG entries and file edits.",
    options=Options,
    run=run,
)


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


def parse_github_repo(explicit: str | None, repo: Path) -> Repository:
    """Return OWNER/NAME from ``--github-repo``, ``$GITHUB_REPOSITORY`` or the origin remote."""
    for source, value in (
        ("--github-repo", explicit),
        ("GITHUB_REPOSITORY", os.environ.get("GITHUB_REPOSITORY")),
    ):
        if value:
            owner, _, name = value.partition("/")
            if not owner or not name or "/" in name:
                raise UsageError(
                    f"{source}: {value!r} is not OWNER/NAME; e.g. --github-repo octo-org/widget"
                )
            return Repository(owner, name)
    url = git.origin_url(repo)
    match = _REMOTE.search(url) if url else None
    if match is None:
        raise UsageError(
            "cannot tell the GitHub repository: no --github-repo, no GITHUB_REPOSITORY and no "
            "GitHub origin remote; pass --github-repo OWNER/NAME"
        )
    return Repository(match["owner"], match["name"])


def render_json(plan: ReleasePlan) -> str:
    """The ``--json`` document: ``{"pullRequests": [...]}`` with every file's new content."""
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
