"""``releasegate publish-release``: upload the tagged release, then publish its GitHub release.

The second half of a release that cannot burn a version (``draft-until-published`` in
``[tool.releasegate]``). ``github-release`` has pushed the tag and created the GitHub release
as a draft, leaving the release PR ``autorelease: pending``; the publish job checks out the tag
and runs this, which for each pending release whose tag is at HEAD:

1. checks that the tag and the (draft) GitHub release exist;
2. builds, checks, signs and uploads the distributions from the checkout, skipping files the
   index already has with the same sha256, and confirms every file is on the index with the
   expected sha256 (the chain's publish step);
3. publishes the GitHub release (``draft: false``) and says so on the PR;
4. relabels the PR pending → tagged (the config's ``release-label``).

A failure at any step leaves a state the next run resumes from: the PR is still pending, so
``github-release`` reports the draft again and this command finishes the upload, the publishing
and the relabelling. A release is never published before its files are confirmed on the index.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from releasegate import git
from releasegate.commands._options import Command, option
from releasegate.commands._shared_options import (
    BRANCH,
    CONFIG,
    GITHUB_REPO,
    IDENTITY_TOKEN,
    MANIFEST,
    NO_SIGN,
    PROJECT,
    REPOSITORY_URL,
    SIMPLE_URL,
    STAGING,
)
from releasegate.errors import GitError, GitHubError, UsageError
from releasegate.github import GitHub, token_from_env
from releasegate.manifest import MANIFEST_FILE_NAME
from releasegate.pending_releases import comment_created, pending_releases, relabel
from releasegate.releases import load_inputs
from releasegate.target import github_repository, target_branch

if TYPE_CHECKING:
    from releasegate._redact import Secret
    from releasegate.github import GitHubRelease, PullRequest
    from releasegate.releases import CandidateRelease, ReleaseInputs

__all__ = ["COMMAND", "Options", "run"]

_FIRST = "run `releasegate github-release` first (it pushes the tag and creates the draft)"


@dataclass(frozen=True, slots=True)
class Options:
    """Options of ``publish-release``."""

    project: Path = field(default=Path(), metadata=PROJECT)
    dry_run: bool = field(
        default=False,
        metadata=option("build and check, say what would be done; upload and change nothing"),
    )
    no_sign: bool = field(default=False, metadata=NO_SIGN)
    repository_url: str | None = field(default=None, metadata=REPOSITORY_URL)
    simple_url: str | None = field(default=None, metadata=SIMPLE_URL)
    identity_token: Secret | None = field(default=None, metadata=IDENTITY_TOKEN)
    staging: bool = field(default=False, metadata=STAGING)
    config: str | None = field(default=None, metadata=CONFIG)
    manifest: str = field(default=MANIFEST_FILE_NAME, metadata=MANIFEST)
    branch: str | None = field(default=None, metadata=BRANCH)
    github_repo: str | None = field(default=None, metadata=GITHUB_REPO)


@dataclass(frozen=True, slots=True)
class _Pending:
    """One merged release PR whose releases are tagged at HEAD, with their GitHub releases."""

    pull: PullRequest
    releases: list[tuple[CandidateRelease, GitHubRelease]]

    @property
    def unpublished(self) -> list[tuple[CandidateRelease, GitHubRelease]]:
        """The releases still drafts that should not stay drafts (config ``draft: true``)."""
        return [(c, r) for c, r in self.releases if r.draft and not c.draft]


def run(options: Options) -> int:
    """Upload the release at HEAD, then publish its GitHub release and relabel its PR."""
    repo = options.project
    git.ensure_repository(repo)
    head = git.head_commit(repo)
    if head is None:
        raise UsageError(f"{repo}: no commit checked out; check out the release tag")
    # The release is the tag at HEAD, with the config and manifest there; the branch only names
    # its release PR's base: at a tag checkout, the pushed branch or origin's default branch.
    branch = target_branch(repo, options.branch, token=token_from_env())
    repository = github_repository(repo, options.github_repo)
    client = GitHub.from_env(repository)
    if client is None:
        raise UsageError(
            "publish-release: no GitHub token; set GITHUB_TOKEN (contents: write and "
            "pull-requests: write) to publish the release and relabel the PR"
        )
    with client as github:
        # config and labels as the release commit has them: the checkout is the release tag
        inputs = load_inputs(
            repo,
            branch=branch,
            config_file=options.config,
            manifest_file=options.manifest,
            repository=repository,
            at=head,
        )
        for warning in inputs.warnings:
            print(f"releasegate: warning: {warning}", file=sys.stderr)
        if not inputs.settings.draft_until_published:
            # github-release has published and relabelled already: nothing would be found
            # pending, and nothing uploaded, without a word
            raise UsageError(
                "pyproject.toml: tool.releasegate.draft-until-published is off, so "
                "github-release publishes the release itself; set it to true, or run "
                "`releasegate release` in the publish job"
            )
        pending = _pending_at(repo, head, github, inputs, branch)
        if not pending:
            sys.stdout.write(f"No pending release PR is tagged at {head[:12]}; nothing to do.\n")
            return 0
        lines = _publish(options, repo, github, inputs, pending)
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


COMMAND = Command(
    name="publish-release",
    help="upload the release tagged at HEAD, then publish its draft GitHub release",
    description="Build, check, sign and upload the release checked out at its tag, confirm "
    "the files on the index, then publish the draft GitHub release github-release created and "
    "relabel the release PR; every step is skipped when already done, so a re-run resumes.",
    options=Options,
    run=run,
)


def _pending_at(
    repo: Path, head: str, github: GitHub, inputs: ReleaseInputs, branch: str
) -> list[_Pending]:
    """The pending release PRs merged as ``head``, checked: tag at ``head``, release there."""
    found = []
    for pull, candidates in pending_releases(github, inputs, branch):
        mine = [c for c in candidates if c.sha == head]
        if not mine:
            continue
        releases = []
        for candidate in mine:
            tag = str(candidate.tag)
            at = git.resolve_ref(repo, f"refs/tags/{tag}")
            if at is None:
                raise GitError(f"tag {tag}: not in {repo}; {_FIRST}, then check out the tag")
            if at != head:
                raise GitError(
                    f"tag {tag}: at {at[:12]}, not at the release commit {head[:12]}; "
                    "check out the release commit and re-run"
                )
            release = github.release_for_tag(tag)
            if release is None:
                raise GitHubError(f"{tag}: no GitHub release for the tag; {_FIRST}")
            releases.append((candidate, release))
        found.append(_Pending(pull, releases))
    return found


def _publish(
    options: Options,
    repo: Path,
    github: GitHub,
    inputs: ReleaseInputs,
    pending: list[_Pending],
) -> list[str]:
    """Upload (unless every release is published already), publish the drafts, relabel."""
    from releasegate.chain import PYPI_UPLOAD_URL, release  # noqa: PLC0415 - loaded on use

    lines = []
    # A published release means its files were confirmed on the index before (the invariant),
    # so a run that died while relabelling only relabels.
    if any(p.unpublished for p in pending):
        result = release(
            repo,
            dry_run=options.dry_run,
            sign=not options.no_sign,
            repository_url=options.repository_url or PYPI_UPLOAD_URL,
            simple_url=options.simple_url,
            skip_existing=True,  # a re-run after a partial upload finishes it
            identity_token=options.identity_token,
            staging=options.staging,
        )
        if result.published is not None:
            lines.append(
                f"On the index: {len(result.published.uploaded)} uploaded, "
                f"{len(result.published.skipped)} already there (sha256 confirmed)"
            )
    for item in pending:
        number = item.pull.number
        if options.dry_run:
            lines += [f"{r.tag_name}: would publish the draft" for _, r in item.unpublished]
            lines.append(f"PR #{number}: would relabel")
            continue
        published = [github.update_release(r.id, draft=False) for _, r in item.unpublished]
        lines += [f"{r.tag_name}: published {r.html_url}" for r in published]
        comment_created(github, number, published)
        relabel(github, number, inputs)
        lines.append(f"PR #{number}: relabelled")
    if options.dry_run:
        lines.append("Dry run: nothing was uploaded, published or relabelled.")
    return lines
