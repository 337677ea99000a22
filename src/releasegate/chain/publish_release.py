"""publish-release: upload every pending release, then publish its GitHub release.

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
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from releasegate.chain.publish import PYPI_UPLOAD_URL
from releasegate.chain.release import release
from releasegate.engine import git
from releasegate.engine.manifest import MANIFEST_FILE_NAME
from releasegate.engine.releases import load_inputs, publish_order
from releasegate.errors import ConfigError, GitError, GitHubError, ReleasegateError, UsageError
from releasegate.forge import git_write
from releasegate.forge.github import GitHub, token_from_env
from releasegate.forge.pending_releases import comment_created, pending_releases, relabel
from releasegate.forge.target import github_repository, target_branch

if TYPE_CHECKING:
    from pathlib import Path

    from releasegate._redact import Secret
    from releasegate.engine.releases import CandidateRelease, Publication, ReleaseInputs
    from releasegate.engine.repository import Repository
    from releasegate.forge.github import GitHubRelease, PullRequest

__all__ = ["PackageOutcome", "PublishReleaseRun", "publish_release"]

_FIRST = "run `releasegate github-release` first (it pushes the tag and creates the draft)"


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


@dataclass(frozen=True, slots=True)
class PublishReleaseRun:
    """What a publish-release run did.

    ``pending``: the merged release PRs found pending (numbers, in order); ``outcomes``: each
    package in publishing order; ``relabelled``: the PRs relabelled (none on a dry run).
    """

    pending: list[int]
    outcomes: list[PackageOutcome]
    relabelled: list[int]


@dataclass(frozen=True, slots=True)
class _Upload:
    """How each package goes to the index: the chain's options."""

    dry_run: bool
    sign: bool
    repository_url: str | None
    simple_url: str | None
    identity_token: Secret | None
    staging: bool


def publish_release(
    repo: Path,
    *,
    dry_run: bool = False,
    sign: bool = True,
    repository_url: str | None = None,
    simple_url: str | None = None,
    identity_token: Secret | None = None,
    staging: bool = False,
    config_file: str | None = None,
    manifest_file: str = MANIFEST_FILE_NAME,
    branch: str | None = None,
    github_repo: str | None = None,
) -> PublishReleaseRun:
    """Upload every pending release in dependency order, publish each, relabel their PRs.

    ``dry_run`` builds and checks each package and says what would be done; it uploads,
    publishes and relabels nothing. ``repository_url`` defaults to PyPI's. Warnings, notes
    and the chain's progress go to stderr. Raises UsageError without a token or with
    ``draft-until-published`` off, and the first failing step's error, prefixed with the tag.
    """
    upload = _Upload(dry_run, sign, repository_url, simple_url, identity_token, staging)
    session = _session(repo, branch, github_repo)
    with session.client as github:
        # config and labels as the checked-out commit has them
        inputs = load_inputs(
            session.repo,
            branch=session.branch,
            config_file=config_file,
            manifest_file=manifest_file,
            repository=session.repository,
            at=session.head,
        )
        for warning in inputs.warnings:
            sys.stderr.write(f"releasegate: warning: {warning}\n")
        if not inputs.settings.draft_until_published:
            # github-release has published and relabelled already: nothing would be found
            # pending, and nothing uploaded, without a word
            raise UsageError(
                "pyproject.toml: tool.releasegate.draft-until-published is off, so "
                "github-release publishes the release itself; set it to true, or run "
                "`releasegate release` in the publish job"
            )
        pending = _pending(session.repo, session.head, github, inputs, session.branch)
        outcomes, relabelled = _publish(upload, session.repo, github, inputs, pending)
    return PublishReleaseRun([item.pull.number for item in pending], outcomes, relabelled)


def _session(repo: Path, branch_name: str | None, github_repo: str | None) -> _Session:
    """Resolve the repository, its checked-out commit, the branch and the GitHub client."""
    git.ensure_repository(repo)
    head = git.head_commit(repo)
    if head is None:
        raise UsageError(f"{repo}: no commit checked out; check out the release branch")
    # The pending PRs' base: the pushed branch, or origin's default one on a detached HEAD.
    branch = target_branch(repo, branch_name, token=token_from_env())
    repository = github_repository(repo, github_repo)
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
            sys.stderr.write(
                f"releasegate: note: PR #{pull.number} was merged after {head[:12]}; the "
                "workflow run of its merge publishes it\n"
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
    options: _Upload,
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
    options: _Upload, checkouts: _Checkouts, publication: Publication, name: str | None
) -> PackageOutcome:
    """Build, check, sign and upload one package from its release commit."""
    candidate = publication.candidate
    checkout = checkouts.at(candidate.sha)
    root = checkout if candidate.path in {"", "."} else checkout / candidate.path
    try:
        # the chain reports progress on stdout; this command's stdout is its result
        with contextlib.redirect_stdout(sys.stderr):
            result = release(
                root,
                dry_run=options.dry_run,
                sign=options.sign,
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
