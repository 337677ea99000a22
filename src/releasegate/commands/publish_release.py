"""``releasegate publish-release``: upload every pending release, then publish its GitHub release.

The second half of a release that cannot burn a version (``draft-until-published`` in
``[tool.releasegate]``). ``github-release`` has pushed the tags and created the GitHub releases
as drafts, leaving each release PR ``autorelease: pending``; the publish job runs this, which
takes every package those merged PRs released (one, or several from a monorepo's combined or
separate PRs) and, in dependency order (a package reaches the index before any package that
requires it):

1. checks that its tag (at the release commit) and its (draft) GitHub release exist;
2. builds it from its own directory in a throwaway checkout of the release commit (``uv build
   --package`` for a uv workspace member), checks, signs and uploads it, skipping files the
   index already has with the same sha256, and confirms every file is on the index with the
   expected sha256 (the chain's publish step);
3. publishes its GitHub release (``draft: false``);

and once all of a PR's releases are published, says so on the PR and relabels it pending →
tagged (the config's ``release-label``).

A failure at any step leaves a state the next run resumes from: the PR is still pending, a
release already published is not uploaded again (it was confirmed on the index first), and a
partial upload is finished with the files the index lacks. A release is never published before
its files are confirmed on the index.
"""

from __future__ import annotations

import contextlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from releasegate.engine import git
from releasegate.engine.manifest import MANIFEST_FILE_NAME
from releasegate.engine.releases import load_inputs, publish_order
from releasegate.errors import ConfigError, GitError, GitHubError, ReleasegateError, UsageError
from releasegate.forge import git_write
from releasegate.forge.github import GitHub, token_from_env
from releasegate.forge.pending_releases import comment_created, pending_releases, relabel
from releasegate.forge.target import github_repository, target_branch

if TYPE_CHECKING:
    from releasegate._redact import Secret
    from releasegate.engine.releases import CandidateRelease, Publication, ReleaseInputs
    from releasegate.engine.repository import Repository
    from releasegate.forge.github import GitHubRelease, PullRequest

__all__ = ["COMMAND", "Options", "PackageOutcome", "run"]

_FIRST = "run `releasegate github-release` first (it pushes the tag and creates the draft)"


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


@dataclass(frozen=True, slots=True)
class _Pending:
    """One merged release PR still pending, with each release's GitHub release."""

    pull: PullRequest
    releases: list[tuple[CandidateRelease, GitHubRelease]]


@dataclass(slots=True)
class PackageOutcome:
    """What happened to one package's release.

    ``status``: ``published`` (uploaded and published now), ``published-before`` (published by
    an earlier run: nothing to upload), ``uploaded`` (on the index, the release stays a draft as
    the config's ``draft`` asks), ``would-publish`` (dry run).
    """

    candidate: CandidateRelease
    name: str | None
    status: str
    files: list[str] = field(default_factory=list)
    uploaded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    url: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` entry of this package."""
        c = self.candidate
        return {
            "path": c.path,
            "name": self.name,
            "component": c.component or None,
            "version": str(c.version),
            "tag": str(c.tag),
            "sha": c.sha,
            "pullRequest": c.pull_request,
            "status": self.status,
            "files": self.files,
            "uploaded": self.uploaded,
            "skipped": self.skipped,
            "url": self.url,
        }


@dataclass(frozen=True, slots=True)
class _Session:
    """Where the command works: repository, checked-out commit, branch, GitHub repository."""

    repo: Path
    head: str
    branch: str
    repository: Repository
    client: GitHub


def run(options: Options) -> int:
    """Upload every pending release in dependency order, publish each, relabel their PRs."""
    session = _session(options)
    with session.client as github:
        # config and labels as the checked-out commit has them
        inputs = load_inputs(
            session.repo,
            branch=session.branch,
            config_file=options.config,
            manifest_file=options.manifest,
            repository=session.repository,
            at=session.head,
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
        pending = _pending(session.repo, session.head, github, inputs, session.branch)
        outcomes, relabelled = _publish(options, session.repo, github, inputs, pending)
    if options.json:
        document = {
            "dryRun": options.dry_run,
            "packages": [o.to_json() for o in outcomes],
            "relabelled": relabelled,
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(_render_text(options.dry_run, pending, outcomes, relabelled))
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


def _session(options: Options) -> _Session:
    """Resolve the repository, its checked-out commit, the branch and the GitHub client."""
    repo = options.project
    git.ensure_repository(repo)
    head = git.head_commit(repo)
    if head is None:
        raise UsageError(f"{repo}: no commit checked out; check out the release branch")
    # The pending PRs' base: the pushed branch, or origin's default one on a detached HEAD.
    branch = target_branch(repo, options.branch, token=token_from_env())
    repository = github_repository(repo, options.github_repo)
    client = GitHub.from_env(repository)
    if client is None:
        raise UsageError(
            "publish-release: no GitHub token; set GITHUB_TOKEN (contents: write and "
            "pull-requests: write) to publish the release and relabel the PR"
        )
    return _Session(repo, head, branch, repository, client)


def _pending(
    repo: Path, head: str, github: GitHub, inputs: ReleaseInputs, branch: str
) -> list[_Pending]:
    """The pending release PRs merged in ``head``'s history, checked: tags and releases there.

    A PR merged after the checked-out commit is left to the workflow run its merge started
    (its release job tags it first).
    """
    found = []
    tags = {t.name: t.sha for t in git.list_tags(repo)}
    for pull, candidates in pending_releases(github, inputs, branch):
        if not all(git.is_ancestor(repo, c.sha, head) for c in candidates):
            print(
                f"releasegate: note: PR #{pull.number} was merged after {head[:12]}; the "
                "workflow run of its merge publishes it",
                file=sys.stderr,
            )
            continue
        releases = []
        for candidate in candidates:
            tag = str(candidate.tag)
            at = tags.get(tag)
            if at is None:
                raise GitError(f"tag {tag}: not in {repo}; {_FIRST}, then fetch the tags")
            if at != candidate.sha:
                raise GitError(
                    f"tag {tag}: at {at[:12]}, not at the release commit {candidate.sha[:12]} "
                    f"of PR #{pull.number}; delete the stale tag if it is wrong, then {_FIRST}"
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
) -> tuple[list[PackageOutcome], list[int]]:
    """Upload and publish each release in dependency order, then relabel every PR."""
    github_releases = {(c.path, c.sha, str(c.tag)): r for item in pending for c, r in item.releases}
    order = publish_order(repo, [c for item in pending for c, _ in item.releases])
    outcomes: list[PackageOutcome] = []
    published: dict[int | None, list[GitHubRelease]] = {}
    with _Checkouts(repo) as checkouts:
        for publication in order:
            candidate = publication.candidate
            release = github_releases[(candidate.path, candidate.sha, str(candidate.tag))]
            name = publication.package.display_name if publication.package else None
            if not release.draft:
                # published means its files were confirmed on the index before (the invariant)
                outcomes.append(PackageOutcome(candidate, name, "published-before"))
                continue
            if publication.buildable:
                outcome = _upload(options, checkouts, publication, name)
            else:  # not a Python project (a release-type simple package): nothing to upload
                status = "would-publish" if options.dry_run else "uploaded"
                outcome = PackageOutcome(candidate, name, status)
            outcomes.append(outcome)
            if options.dry_run or candidate.draft:
                continue
            made = github.update_release(release.id, draft=False)
            outcome.status, outcome.url = "published", made.html_url
            published.setdefault(candidate.pull_request, []).append(made)
    relabelled = []
    for item in pending:
        number = item.pull.number
        if options.dry_run:
            continue
        comment_created(github, number, published.get(number, []))
        relabel(github, number, inputs)
        relabelled.append(number)
    return outcomes, relabelled


def _upload(
    options: Options, checkouts: _Checkouts, publication: Publication, name: str | None
) -> PackageOutcome:
    """Build, check, sign and upload one package from its release commit."""
    from releasegate.chain import PYPI_UPLOAD_URL, release  # noqa: PLC0415 - loaded on use

    candidate = publication.candidate
    checkout = checkouts.at(candidate.sha)
    root = checkout if candidate.path in {"", "."} else checkout / candidate.path
    try:
        # the chain reports progress on stdout; this command's stdout is its result
        with contextlib.redirect_stdout(sys.stderr):
            result = release(
                root,
                dry_run=options.dry_run,
                sign=not options.no_sign,
                repository_url=options.repository_url or PYPI_UPLOAD_URL,
                simple_url=options.simple_url,
                skip_existing=True,  # a re-run after a partial upload finishes it
                identity_token=options.identity_token,
                staging=options.staging,
                package=publication.member,
            )
    except ConfigError:
        raise
    except ReleasegateError as exc:
        raise type(exc)(f"{candidate.tag}: {exc}") from None
    files = [f.name for f in result.files]
    if result.published is None:
        return PackageOutcome(candidate, name, "would-publish", files)
    uploaded = [f.name for f in result.published.uploaded]
    skipped = [f.name for f in result.published.skipped]
    return PackageOutcome(candidate, name, "uploaded", files, uploaded, skipped)


class _Checkouts:
    """One throwaway checkout per release commit, made on first use, removed on exit."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self._stack = contextlib.ExitStack()
        self._paths: dict[str, Path] = {}

    def at(self, sha: str) -> Path:
        """The checkout of commit ``sha``."""
        if sha not in self._paths:
            self._paths[sha] = self._stack.enter_context(git_write.checkout_copy(self.repo, sha))
        return self._paths[sha]

    def __enter__(self) -> _Checkouts:  # noqa: PYI034 - Self needs Python 3.11
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()


def _render_text(
    dry_run: bool, pending: list[_Pending], outcomes: list[PackageOutcome], relabelled: list[int]
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
        lines += [f"PR #{item.pull.number}: would relabel" for item in pending]
        lines.append("Dry run: nothing was uploaded, published or relabelled.")
    lines += [f"PR #{n}: relabelled" for n in relabelled]
    return "\n".join(lines) + "\n"
