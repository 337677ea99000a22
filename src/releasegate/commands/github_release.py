"""``releasegate github-release``: tag the merged release and publish its GitHub release(s).

The work is :func:`releasegate.forge.github_release.github_release` (see there for what is
tagged and released, and how a re-run resumes); this module reads the flags and prints what
was done.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

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
from releasegate.forge.github_release import github_release

if TYPE_CHECKING:
    from releasegate.forge.github_release import Done, Mode

__all__ = ["COMMAND", "Options", "run"]


@dataclass(frozen=True, slots=True)
class Options:
    """Options of ``github-release``."""

    dry_run: bool = field(
        default=False, metadata=option("say what would be done; tag, push and create nothing")
    )
    json: bool = field(default=False, metadata=JSON)
    local: bool = field(
        default=False,
        metadata=option("work from git alone, even with a token: tag untagged manifest versions"),
    )
    push: bool = field(
        default=False, metadata=option("with --local or no token: push the new tags too")
    )
    remote: str = field(default="origin", metadata=option("git remote to push tags to"))
    config: str | None = field(default=None, metadata=CONFIG)
    manifest: str = field(default=MANIFEST_FILE_NAME, metadata=MANIFEST)
    branch: str | None = field(default=None, metadata=BRANCH)
    github_repo: str | None = field(default=None, metadata=GITHUB_REPO)
    project: Path = field(default=Path(), metadata=PROJECT)


def run(options: Options) -> int:
    """Find what to release, do it (or say what would be done), print and write outputs."""
    result = github_release(
        options.project,
        dry_run=options.dry_run,
        local=options.local,
        push=options.push,
        remote=options.remote,
        config_file=options.config,
        manifest_file=options.manifest,
        branch=options.branch,
        github_repo=options.github_repo,
    )
    if options.json:
        document = {
            "mode": result.mode,
            "dryRun": options.dry_run,
            "branch": result.branch,
            "releases": [d.to_json() for d in result.done],
            "relabelled": result.relabelled,
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        text = _render_text(result.mode, options.dry_run, result.done, result.relabelled)
        sys.stdout.write(text)
    return 0


COMMAND = Command(
    name="github-release",
    help="tag the merged release PR's commit and create its GitHub release(s)",
    description="Tag the merged release and create the GitHub release(s) release-please 17 "
    "would create, then relabel the release PR; without a token, tag the manifest versions "
    "that have no tag yet.",
    options=Options,
    run=run,
)


def _render_text(mode: Mode, dry_run: bool, done: list[Done], relabelled: list[int]) -> str:
    if not done and not relabelled:
        if mode == "github":
            return "No merged release PR is waiting for its release.\n"
        return "Every manifest version is tagged; nothing to release.\n"
    lines = []
    for d in done:
        c = d.candidate
        where = f" (PR #{c.pull_request})" if c.pull_request else ""
        pushed = ", pushed" if d.pushed else ""
        lines.append(f"{c.name}{where}: tag {c.tag} at {c.sha[:12]}: {d.tag}{pushed}")
        if mode == "local" and not d.pushed and not dry_run:
            lines.append("  not pushed; pass --push to push it")
        if mode == "github":
            url = f" {d.github.html_url}" if d.github and d.github.html_url else ""
            draft = d.github.draft if d.github else c.draft
            kind = "draft release" if draft else "release"
            lines.append(f"  GitHub {kind}: {d.release}{url}")
            if draft and not c.draft:
                lines.append("  stays a draft until `releasegate publish-release` publishes it")
    lines += [f"PR #{n}: relabelled" for n in relabelled]
    if dry_run:
        lines.append("Dry run: nothing was tagged, pushed or created.")
    return "\n".join(lines) + "\n"
