"""``releasegate check-pr``: gate a pull request on what it lands, and preview what it releases.

The check is :func:`releasegate.forge.check_pr.check_pr`; this module reads the flags, prints
the report (:mod:`releasegate.commands._pr_report`), appends it to the job summary and, with
``--comment``, keeps the PR's one comment up to date.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from releasegate.commands._options import Command, option
from releasegate.commands._pr_report import render_json, render_markdown, render_text
from releasegate.commands._shared_options import CONFIG, GITHUB_REPO, JSON, MANIFEST, PROJECT
from releasegate.engine.manifest import MANIFEST_FILE_NAME
from releasegate.engine.pr_gate import METHODS
from releasegate.forge.actions_output import append_step_summary
from releasegate.forge.check_pr import check_pr, comment_report

if TYPE_CHECKING:
    from releasegate.engine.pr_gate import MergeMethod
    from releasegate.forge.check_pr import CheckReport

__all__ = ["COMMAND", "Options", "run"]


@dataclass(frozen=True, slots=True)
class Options:
    """Options of ``check-pr``."""

    title: str | None = field(
        default=None,
        metadata=option("the PR title (default: the pull_request event's, $GITHUB_EVENT_PATH)"),
    )
    base: str | None = field(
        default=None,
        metadata=option(
            "branch the PR merges into (default: the event's base branch, else origin's "
            "default branch); origin/NAME is used when the remote has it",
            metavar="REF",
        ),
    )
    head: str | None = field(
        default=None,
        metadata=option("the PR's head commit (default: the event's, else HEAD)", metavar="REF"),
    )
    merge_method: str | None = field(
        default=None,
        metadata=option(
            "how the PR will be merged (default: the methods the repository allows, from the "
            "event or the API; else all three)",
            choices=METHODS,
        ),
    )
    pr: int | None = field(
        default=None, metadata=option("pull request number (default: the event's)", metavar="N")
    )
    comment: bool = field(
        default=False,
        metadata=option(
            "keep one comment on the PR with the report (GITHUB_TOKEN with pull-requests: write)"
        ),
    )
    json: bool = field(default=False, metadata=JSON)
    config: str | None = field(default=None, metadata=CONFIG)
    manifest: str = field(default=MANIFEST_FILE_NAME, metadata=MANIFEST)
    github_repo: str | None = field(default=None, metadata=GITHUB_REPO)
    project: Path = field(default=Path(), metadata=PROJECT)


def run(options: Options) -> int:
    """Check the PR, print the report, write the job summary and the comment; 1 on problems."""
    report = check_pr(
        options.project,
        title=options.title,
        base=options.base,
        head=options.head,
        # one of METHODS: argparse's choices
        merge_method=cast("MergeMethod | None", options.merge_method),
        pr=options.pr,
        config_file=options.config,
        manifest_file=options.manifest,
        github_repo=options.github_repo,
        comment=options.comment,
    )
    for warning in report.warnings:
        print(f"releasegate: warning: {warning}", file=sys.stderr)
    sys.stdout.write(render_json(report) if options.json else render_text(report))
    markdown = render_markdown(report)
    append_step_summary(markdown)
    if options.comment:
        _comment(options, report, markdown)
    return 1 if report.problems else 0


COMMAND = Command(
    name="check-pr",
    help="check a pull request's title and commits, and preview what merging would release",
    description="Check that what a pull request would land on its base branch (the title for "
    "a squash merge, every commit for a merge commit or a rebase) parses as conventional "
    "commits of the project's types, with release-pr's own parser; then say what merging "
    "would release, from the same plan as release-pr. Exit 1 when a text does not parse.",
    options=Options,
    run=run,
)


def _comment(options: Options, report: CheckReport, markdown: str) -> None:
    """Create or update the PR's one check-pr comment; a read-only token is only a note."""
    state, comment = comment_report(
        options.project, github_repo=options.github_repo, number=report.number, markdown=markdown
    )
    if state == "forbidden":
        print(
            f"releasegate: note: the token may not comment on pull request #{report.number} "
            "(a pull request from a fork gets a read-only token); the report is in the job "
            "summary",
            file=sys.stderr,
        )
    elif comment is not None:
        print(f"Comment {state}: {comment.html_url}", file=sys.stderr)
