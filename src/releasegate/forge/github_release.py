"""github-release: tag the merged release and publish its GitHub release(s).

With a token (``GITHUB_TOKEN``/``GH_TOKEN``) this is release-please's ``createReleases``: the
merged release PRs still labelled ``autorelease: pending`` (or the config's ``label``) give the
releases; each one's merge commit is tagged and the tag pushed, its GitHub release created with
release-please's name and notes, and the PR relabelled ``autorelease: tagged``. Without a token
(or with ``--local``) the release commits are found in git: manifest versions that have no tag
yet are tagged where the manifest got them, and ``--push`` pushes those tags.

With ``draft-until-published`` in ``[tool.releasegate]`` the releases are created as drafts
and the PR stays pending; ``releasegate publish-release`` uploads the files, then publishes
and relabels.

Re-running is safe: a tag already at the release commit counts as made, a release already
there for the tag (drafts included) is not made again, and a tag at another commit stops the
run before anything is written.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from releasegate.engine import git
from releasegate.engine.manifest import MANIFEST_FILE_NAME
from releasegate.engine.releases import load_inputs, untagged_releases
from releasegate.engine.repository import Repository
from releasegate.errors import GitError, UsageError
from releasegate.forge import git_write
from releasegate.forge.actions_output import ReleaseOutput, release_outputs, write_outputs
from releasegate.forge.github import GitHub, token_from_env
from releasegate.forge.pending_releases import comment_created, pending_releases, relabel
from releasegate.forge.target import github_repository, target_branch

if TYPE_CHECKING:
    from pathlib import Path

    from releasegate._redact import Secret
    from releasegate.engine.releases import CandidateRelease, ReleaseInputs
    from releasegate.forge.github import GitHubRelease

__all__ = ["Done", "GitHubReleaseRun", "Mode", "github_release"]

#: ``github``: releases made from the merged release PRs; ``local``: tags from git alone.
Mode = Literal["github", "local"]


@dataclass(slots=True)
class Done:
    """What happened to one release; ``tag``/``release``: created, exists, skipped, would create."""

    candidate: CandidateRelease
    tag: str
    release: str
    github: GitHubRelease | None = None
    pushed: bool = False

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` entry of this release."""
        c = self.candidate
        return {
            "path": c.path,
            "component": c.component or None,
            "version": str(c.version),
            "tag": str(c.tag),
            "sha": c.sha,
            "name": c.name,
            "notes": c.notes,
            "draft": c.draft,
            "prerelease": c.prerelease,
            "pullRequest": c.pull_request,
            "tagStatus": self.tag,
            "pushed": self.pushed,
            "releaseStatus": self.release,
            "url": self.github.html_url if self.github else None,
        }


@dataclass(frozen=True, slots=True)
class GitHubReleaseRun:
    """What a github-release run did: each release, and the PRs relabelled, on ``branch``."""

    mode: Mode
    branch: str
    done: list[Done]
    relabelled: list[int]


@dataclass(frozen=True, slots=True)
class _Choices:
    """The run's choices the steps below need."""

    dry_run: bool
    push: bool
    remote: str
    manifest_file: str


def github_release(
    repo: Path,
    *,
    dry_run: bool = False,
    local: bool = False,
    push: bool = False,
    remote: str = "origin",
    config_file: str | None = None,
    manifest_file: str = MANIFEST_FILE_NAME,
    branch: str | None = None,
    github_repo: str | None = None,
) -> GitHubReleaseRun:
    """Find what to release and do it (or say what would be done); write the action outputs.

    With a token and not ``local``: the merged pending release PRs, tagged, released on
    GitHub and relabelled (see the module). Otherwise the untagged manifest versions are
    tagged, and pushed to ``remote`` with ``push``. Warnings go to stderr. Raises GitError
    before any write when a tag exists at another commit or a release commit is missing.
    """
    options = _Choices(dry_run, push, remote, manifest_file)
    git.ensure_repository(repo)
    token = token_from_env()
    branch = target_branch(repo, branch, token=token)
    client = None
    if token is not None and not local:
        client = GitHub.from_env(github_repository(repo, github_repo))
    if client is not None and token is not None:
        with client as github:
            inputs = _inputs(repo, branch, github.repository, (config_file, manifest_file))
            done, relabelled = _release_on_github(
                options, repo, branch, inputs, github=github, token=token
            )
        mode: Mode = "github"
    else:
        try:
            repository = github_repository(repo, github_repo)
        except UsageError:
            repository = Repository("local", "local")  # only links use it; none are made here
        inputs = _inputs(repo, branch, repository, (config_file, manifest_file))
        done = _release_locally(options, repo, inputs, token)
        relabelled = []
        mode = "local"
    if not dry_run:
        write_outputs(release_outputs([_output(d) for d in done]))
    return GitHubReleaseRun(mode, branch, done, relabelled)


def _inputs(
    repo: Path, branch: str, repository: Repository, files: tuple[str | None, str]
) -> ReleaseInputs:
    config_file, manifest_file = files
    inputs = load_inputs(
        repo,
        branch=branch,
        config_file=config_file,
        manifest_file=manifest_file,
        repository=repository,
    )
    for warning in inputs.warnings:
        sys.stderr.write(f"releasegate: warning: {warning}\n")
    return inputs


def _release_on_github(
    options: _Choices,
    repo: Path,
    branch: str,
    inputs: ReleaseInputs,
    *,
    github: GitHub,
    token: Secret,
) -> tuple[list[Done], list[int]]:
    """release-please's createReleases, with the tag made and pushed through git first.

    With ``draft-until-published`` the releases are made as drafts and the PR stays pending:
    ``publish-release`` publishes and relabels once the files are on the index. Every release
    still a draft is reported (a re-run resumes there); a PR whose releases are all published
    already (a run died before relabelling) is only relabelled.
    """
    drafts_first = inputs.settings.draft_until_published
    pending = pending_releases(github, inputs, branch)
    _check_tags(repo, [c for _, mine in pending for c in mine])
    done: list[Done] = []
    relabelled: list[int] = []
    for pull, mine in pending:
        results = [_release_one(options, repo, c, github, token, drafts_first) for c in mine]
        if drafts_first:
            waiting = [d for d in results if d.github is None or d.github.draft]
            done.extend(waiting)
            if waiting or options.dry_run:
                continue
        else:
            done.extend(results)
            if options.dry_run:
                continue
            created = [d.github for d in results if d.release == "created" and d.github]
            comment_created(github, pull.number, created)
        relabel(github, pull.number, inputs)
        relabelled.append(pull.number)
    return done, relabelled


def _release_one(  # noqa: PLR0917 - one release's context, in reading order
    options: _Choices,
    repo: Path,
    candidate: CandidateRelease,
    github: GitHub,
    token: Secret,
    drafts_first: bool,
) -> Done:
    tag = str(candidate.tag)
    # A draft release makes no tag on GitHub until it is published, unless force-tag-creation
    # asks for it (release-please's createRelease); we keep that. A draft made only until the
    # files are published gets its tag at once: the publish job builds from it.
    wants_tag = drafts_first or not candidate.draft or candidate.force_tag
    existing = github.release_for_tag(tag)
    if options.dry_run:
        tag_state = _local_tag_state(repo, tag, "would create") if wants_tag else "skipped"
        return Done(candidate, tag_state, "exists" if existing else "would create", existing)
    tag_state = "skipped"
    if wants_tag:
        tag_state = git_write.create_tag(repo, tag, candidate.sha)
        git_write.push_tag(repo, tag, remote=options.remote, token=token)
    if existing is not None:
        return Done(candidate, tag_state, "exists", existing, pushed=wants_tag)
    created = github.create_release(
        tag=tag,
        sha=candidate.sha,
        name=candidate.name,
        body=candidate.notes,
        draft=candidate.draft or drafts_first,
        prerelease=candidate.prerelease,
    )
    return Done(candidate, tag_state, "created", created, pushed=wants_tag)


def _release_locally(
    options: _Choices, repo: Path, inputs: ReleaseInputs, token: Secret | None
) -> list[Done]:
    candidates = untagged_releases(repo, inputs, options.manifest_file)
    _check_tags(repo, candidates)
    done = []
    for candidate in candidates:
        tag = str(candidate.tag)
        if options.dry_run:
            done.append(Done(candidate, _local_tag_state(repo, tag, "would create"), "skipped"))
            continue
        state = git_write.create_tag(repo, tag, candidate.sha)
        if options.push:
            git_write.push_tag(repo, tag, remote=options.remote, token=token)
        done.append(Done(candidate, state, "skipped", pushed=options.push))
    return done


def _check_tags(repo: Path, candidates: list[CandidateRelease]) -> None:
    """Stop before any write when a tag exists elsewhere or a release commit is missing."""
    tags = {t.name: t.sha for t in git.list_tags(repo)}
    for candidate in candidates:
        tag = str(candidate.tag)
        at = tags.get(tag)
        if at is not None and at != candidate.sha:
            raise GitError(
                f"tag {tag} exists at {at[:12]}, not at the release commit {candidate.sha[:12]}; "
                f"delete the stale tag (git tag -d {tag}) if it is wrong, then re-run"
            )
        try:
            git.resolve_branch(repo, f"{candidate.sha}^{{commit}}")
        except UsageError:
            raise GitError(
                f"the release commit {candidate.sha[:12]} of {tag} is not in {repo}; fetch it "
                "(git fetch origin, or actions/checkout with fetch-depth: 0) and re-run"
            ) from None


def _local_tag_state(repo: Path, tag: str, missing: str) -> str:
    return "exists" if any(t.name == tag for t in git.list_tags(repo)) else missing


def _output(done: Done) -> ReleaseOutput:
    c = done.candidate
    release = done.github
    return ReleaseOutput(
        path=c.path,
        tag_name=str(c.tag),
        version=str(c.version),
        major=c.version.major,
        minor=c.version.minor,
        patch=c.version.patch,
        sha=c.sha,
        name=release.name if release else c.name,
        body=release.body if release else c.notes,
        html_url=release.html_url if release else None,
        id=release.id if release else None,
        draft=release.draft if release else None,
        pr_number=c.pull_request,
    )
