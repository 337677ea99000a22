"""``releasegate publish-release``: upload every pending release, then publish its GitHub release.

The work is :func:`releasegate.chain.publish_release.publish_release` (see there for the
order of the steps and how a re-run resumes); this module reads the flags and prints what
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
    IDENTITY_TOKEN,
    JSON,
    MANIFEST,
    NO_SIGN,
    PROJECT,
    REPOSITORY_URL,
    SIMPLE_URL,
    STAGING,
)
from releasegate.engine.manifest import MANIFEST_FILE_NAME

if TYPE_CHECKING:
    from releasegate._redact import Secret
    from releasegate.chain.publish_release import PackageOutcome

__all__ = ["COMMAND", "Options", "run"]


@dataclass(frozen=True, slots=True)
class Options:
    """Options of ``publish-release``."""

    project: Path = field(default=Path(), metadata=PROJECT)
    dry_run: bool = field(
        default=False,
        metadata=option("build and check, say what would be done; upload and change nothing"),
    )
    json: bool = field(default=False, metadata=JSON)
    no_sign: bool = field(default=False, metadata=NO_SIGN)
    repository_url: str | None = field(default=None, metadata=REPOSITORY_URL)
    simple_url: str | None = field(default=None, metadata=SIMPLE_URL)
    identity_token: Secret | None = field(default=None, metadata=IDENTITY_TOKEN)
    staging: bool = field(default=False, metadata=STAGING)
    config: str | None = field(default=None, metadata=CONFIG)
    manifest: str = field(default=MANIFEST_FILE_NAME, metadata=MANIFEST)
    branch: str | None = field(default=None, metadata=BRANCH)
    github_repo: str | None = field(default=None, metadata=GITHUB_REPO)


def run(options: Options) -> int:
    """Upload every pending release in dependency order, publish each, relabel their PRs."""
    from releasegate.chain.publish_release import publish_release  # noqa: PLC0415 - on use

    result = publish_release(
        options.project,
        dry_run=options.dry_run,
        sign=not options.no_sign,
        repository_url=options.repository_url,
        simple_url=options.simple_url,
        identity_token=options.identity_token,
        staging=options.staging,
        config_file=options.config,
        manifest_file=options.manifest,
        branch=options.branch,
        github_repo=options.github_repo,
    )
    if options.json:
        document = {
            "dryRun": options.dry_run,
            "packages": [o.to_json() for o in result.outcomes],
            "relabelled": result.relabelled,
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        text = _render_text(options.dry_run, result.pending, result.outcomes, result.relabelled)
        sys.stdout.write(text)
    return 0


COMMAND = Command(
    name="publish-release",
    help="upload every release github-release left as a draft, then publish it",
    description="For each package the merged release PRs released, in dependency order: build "
    "it from its release commit, check, sign and upload it, confirm the files on the index, "
    "then publish its draft GitHub release; then relabel the PRs. Every step is skipped when "
    "already done, so a re-run resumes.",
    options=Options,
    run=run,
)


def _render_text(
    dry_run: bool, pending: list[int], outcomes: list[PackageOutcome], relabelled: list[int]
) -> str:
    if not pending:
        return "No merged release PR is waiting to be published; nothing to do.\n"
    lines = []
    for outcome in outcomes:
        tag = outcome.candidate.tag
        if outcome.status == "published-before":
            lines.append(f"{tag}: published before; nothing to upload")
            continue
        if outcome.status == "would-publish":
            files = f"upload {', '.join(outcome.files)} and " if outcome.files else ""
            lines.append(f"{tag}: would {files}publish the draft")
            continue
        if outcome.uploaded or outcome.skipped:
            lines.append(
                f"{tag}: on the index: {len(outcome.uploaded)} uploaded, {len(outcome.skipped)} "
                "already there (sha256 confirmed)"
            )
        else:
            lines.append(f"{tag}: no Python project at {outcome.candidate.path}; nothing to upload")
        if outcome.status == "published":
            lines.append(f"{tag}: published {outcome.url}")
        else:
            lines.append(f"{tag}: stays a draft (draft: true in the config)")
    if dry_run:
        lines += [f"PR #{number}: would relabel" for number in pending]
        lines.append("Dry run: nothing was uploaded, published or relabelled.")
    lines += [f"PR #{n}: relabelled" for n in relabelled]
    return "\n".join(lines) + "\n"
