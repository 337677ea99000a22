"""check-pr: gate a pull request on what it lands, and preview what it releases.

1. The texts a merge would land on the base branch (the PR title for a squash merge, every
   commit for a merge commit or a rebase; see :mod:`releasegate.engine.pr_gate` for how the methods
   are chosen) are parsed with the engine's own parser and the project's types. Each one that
   is not a conventional commit is one line naming it and the fix; then the exit code is 1.
2. The preview: the commit the merge would make is written with git plumbing (nothing is
   checked out; see :func:`releasegate.forge.git_write.merge_preview`) and planned exactly as
   ``release-pr`` plans the branch: per package ``widget 1.2.3 -> 1.3.0 (minor: feat: add x)``,
   or why nothing would be released.
3. With ``api-check`` in ``[tool.releasegate]``, the public API changes the PR itself makes
   (its base against the merge) that its texts do not declare.

In GitHub Actions the report is appended to the job summary; with ``--comment`` and a token
that may write, one comment on the PR (found by a hidden marker) is kept up to date. A token
that may not (a PR from a fork) leaves the summary only, without an error.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from releasegate._redact import redact
from releasegate.engine import git
from releasegate.engine.api_check import breaking_commit, compare_api, project_names
from releasegate.engine.manifest import MANIFEST_FILE_NAME
from releasegate.engine.plan import plan_release
from releasegate.engine.pr_gate import (
    METHODS,
    MergeMethods,
    check_text,
    known_types,
    merge_methods_from,
    read_event,
    texts_landing,
)
from releasegate.engine.release_files import read_release_files
from releasegate.engine.repository import Repository
from releasegate.engine.settings import load_settings
from releasegate.engine.strategies import StrategyContext, build_strategy
from releasegate.errors import GitHubError, UsageError
from releasegate.forge import git_write, github
from releasegate.forge.target import github_repository

if TYPE_CHECKING:
    from collections.abc import Sequence

    from releasegate.engine.api_check import ApiComparison
    from releasegate.engine.commits import Commit, ConventionalCommit
    from releasegate.engine.config import ReleaserConfig
    from releasegate.engine.plan import PackagePlan
    from releasegate.engine.pr_gate import MergeMethod, PullRequestEvent, TextCheck
    from releasegate.engine.settings import ApiCheck
    from releasegate.engine.strategies import Strategy
    from releasegate.engine.version import Version
    from releasegate.forge.github import IssueComment

__all__ = ["MARKER", "CheckReport", "PrApiChanges", "Preview", "check_pr", "comment_report"]

#: Marks the one PR comment check-pr keeps up to date (an HTML comment: invisible on GitHub).
MARKER = "<!-- releasegate:check-pr -->"


@dataclass(frozen=True, slots=True)
class Preview:
    """What merging would release: the plan's packages on the merged tree, or why there is none.

    ``method`` is the merge the preview assumes (``squash`` or ``merge``); ``names`` the
    packages' display names by path.
    """

    method: MergeMethod
    packages: tuple[PackagePlan, ...] = ()
    names: dict[str, str] = field(default_factory=dict)
    unavailable: str | None = None


@dataclass(frozen=True, slots=True)
class PrApiChanges:
    """The public API changes of one package between the PR's base and the merge.

    ``short``: the PR's own texts declare less than these changes need (``needed``).
    """

    name: str
    comparison: ApiComparison
    short: bool
    needed: str | None = None


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Everything check-pr found; every renderer (text, JSON, Markdown) reads this."""

    number: int | None
    title: str | None
    base: str
    base_sha: str
    head_sha: str
    methods: MergeMethods
    checks: tuple[TextCheck, ...]
    preview: Preview
    api: tuple[PrApiChanges, ...] = ()
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def problems(self) -> tuple[TextCheck, ...]:
        """The texts that would land but are not conventional commits of a known type."""
        return tuple(c for c in self.checks if c.problem is not None)


def check_pr(
    repo: Path,
    *,
    title: str | None = None,
    base: str | None = None,
    head: str | None = None,
    merge_method: MergeMethod | None = None,
    pr: int | None = None,
    config_file: str | None = None,
    manifest_file: str = MANIFEST_FILE_NAME,
    github_repo: str | None = None,
    comment: bool = False,
) -> CheckReport:
    """Gather the report (writes only an unreferenced merge commit; see the module).

    ``title``, ``base``, ``head``, ``merge_method`` and ``pr`` default to the pull_request
    event's (``$GITHUB_EVENT_PATH``); ``comment`` says the report will be commented on the PR,
    so the GitHub repository must be known (otherwise it is only needed for links).
    """
    git.ensure_repository(repo)
    if git.shallow_commits(repo):
        # The PR's commits, its merge base and the release tags all lie beyond the cut.
        raise UsageError(
            f"{repo}: a shallow clone; check-pr needs the history: check out with "
            "fetch-depth: 0 (actions/checkout), or run 'git fetch --unshallow --tags'"
        )
    event = read_event(_event_path())
    if title is None:
        title = event.title if event else None
    base_name, base_sha = _base(repo, base, event)
    head_sha = _head(repo, head, event)
    repository = _repository(repo, github_repo, comment=comment)
    token = github.token_from_env()
    methods, notes = _merge_methods(merge_method, event, repository, token)
    commits = list(git.iter_commits(repo, f"{base_sha}..{head_sha}", with_files=False,
                                     no_merges=True))  # fmt: skip
    number = pr if pr is not None else (event.number if event else None)
    files = (config_file, manifest_file)
    if methods.title_counts and title is None:
        if not methods.commits_count:
            raise UsageError(
                "a squash merge lands the PR title, and there is none: pass --title TEXT "
                "(in GitHub Actions it comes from the pull_request event)"
            )
        notes.append("the PR title is not checked: no --title and no pull_request event")
    if not commits:
        notes.append(f"the PR has no commits beyond {base_name}")

    # The preview: the merged tree, planned as release-pr plans the branch.
    squash = methods.title_counts and title is not None
    method: MergeMethod = "squash" if squash else "merge"
    landing = texts_landing(title, commits, methods)
    message = _merge_message(
        method, title, commits=commits, methods=methods, number=number, event=event
    )
    merged = git_write.merge_preview(
        repo, base=base_sha, head=head_sha, message=message, squash=squash
    )
    warnings: list[str] = []
    if merged is None:
        unavailable = (
            f"the PR conflicts with {base_name}; resolve the conflicts to see what merging "
            "would release"
        )
        project = _project(repo, head_sha, base_name, files, repository)
        preview = Preview(method, names=project.names, unavailable=unavailable)
    else:
        plan = plan_release(
            repo,
            branch=base_name,
            config_file=config_file,
            manifest_file=manifest_file,
            repository=repository,
            now=datetime.now(timezone.utc),
            head=merged,
        )
        warnings += plan.warnings
        project = _project(repo, merged, base_name, files, repository)
        preview = Preview(method, plan.packages, project.names)
    types = known_types(project.strategies.values())
    checks = tuple(check_text(what, sha, text, types) for what, sha, text in landing)
    api: tuple[PrApiChanges, ...] = ()
    if merged is not None:
        api = _api_changes(repo, (base_name, base_sha), merged, project, checks)
    for changes in api:
        warnings += changes.comparison.warnings
    return CheckReport(
        number=number, title=title, base=base_name, base_sha=base_sha, head_sha=head_sha,
        methods=methods, checks=checks, preview=preview, api=api, notes=tuple(notes),
        warnings=tuple(warnings),
    )  # fmt: skip


# -- inputs ------------------------------------------------------------------------------------
def _event_path() -> Path | None:
    value = os.environ.get("GITHUB_EVENT_PATH", "").strip()
    return Path(value) if value else None


def _base(repo: Path, explicit: str | None, event: PullRequestEvent | None) -> tuple[str, str]:
    """The base branch's name and commit: origin's copy first, as GitHub merges into it."""
    name = explicit or (event.base_ref if event else None) or git.remote_default_branch(repo)
    if name is None:
        name = next((n for n in ("main", "master") if git.resolve_ref(repo, n)), None)
    if name is None:
        raise UsageError(
            "cannot tell the PR's base branch: no --base, no pull_request event and no "
            "origin/HEAD; pass --base BRANCH"
        )
    short = name.removeprefix("origin/").removeprefix("refs/heads/")
    for ref in (f"refs/remotes/origin/{short}", name):
        sha = git.resolve_ref(repo, ref)
        if sha is not None:
            return short, sha
    raise UsageError(
        f"--base: {name!r} is not a branch or commit here; fetch it (in GitHub Actions: "
        "actions/checkout with fetch-depth: 0), or pass --base"
    )


def _head(repo: Path, explicit: str | None, event: PullRequestEvent | None) -> str:
    if explicit:
        sha = git.resolve_ref(repo, explicit)
        if sha is None:
            raise UsageError(f"--head: {explicit!r} is not a commit here; fetch it first")
        return sha
    if event is not None and event.head_sha:
        sha = git.resolve_ref(repo, event.head_sha)
        if sha is None:
            raise UsageError(
                f"the PR head {event.head_sha[:12]} is not in this clone; check out with "
                "fetch-depth: 0 (actions/checkout)"
            )
        return sha
    sha = git.head_commit(repo)
    if sha is None:
        raise UsageError(f"{repo}: the repository has no commits; pass --head")
    return sha


def _repository(repo: Path, explicit: str | None, *, comment: bool) -> Repository:
    """The GitHub repository; only links and the comment need it, so a guess does without one."""
    try:
        return github_repository(repo, explicit)
    except UsageError:
        if comment:
            raise
        return Repository("owner", "repo")


def _merge_methods(
    explicit: MergeMethod | None,
    event: PullRequestEvent | None,
    repository: Repository,
    token: object,
) -> tuple[MergeMethods, list[str]]:
    """--merge-method, else the event's repository, else the API, else every method."""
    notes: list[str] = []
    if explicit:
        squash_title = None
        if event is not None:
            known = merge_methods_from(event.repository, "")
            squash_title = known.squash_title if known else None
        return MergeMethods((explicit,), "--merge-method", squash_title), notes
    if event is not None:
        found = merge_methods_from(event.repository, "the pull_request event")
        if found is not None:
            return found, notes
    client = github.GitHub.from_env(repository) if token is not None else None
    if client is not None:
        try:
            with client:
                found = merge_methods_from(client.repository_settings(), "the repository settings")
        except GitHubError as exc:
            notes.append(f"the merge settings could not be read ({exc})")
            found = None
        if found is not None:
            return found, notes
    return MergeMethods(METHODS, "GitHub's default: every method"), notes


def _merge_message(
    method: MergeMethod,
    title: str | None,
    *,
    commits: Sequence[Commit],
    methods: MergeMethods,
    number: int | None,
    event: PullRequestEvent | None,
) -> str:
    """The message GitHub proposes for the merge (see :mod:`releasegate.engine.pr_gate`)."""
    if method == "squash":
        if len(commits) == 1 and methods.squash_title != "PR_TITLE":
            return commits[0].message
        return title or ""
    source = event.head_label if event else "the PR branch"
    return f"Merge pull request #{number or 0} from {source}"


@dataclass(frozen=True, slots=True)
class _Project:
    """The project as a tree has it: strategies (types, versioning), names, api-check, versions."""

    strategies: dict[str, Strategy]
    names: dict[str, str]
    api_check: ApiCheck | None
    versions: dict[str, Version]


def _project(
    repo: Path, rev: str, branch: str, files: tuple[str | None, str], repository: Repository
) -> _Project:
    """Read the release files and ``[tool.releasegate]`` at ``rev``, as the planner does.

    ``files`` are the config's and the manifest's names (the config's None: found by name).
    """
    config_file, manifest_file = files
    tree = git.Tree(repo, rev)
    try:
        settings = load_settings(tree)
        release_files = read_release_files(
            tree, branch=branch, config_file=config_file, manifest_file=manifest_file,
            scheme=settings.version_scheme,
        )  # fmt: skip
        context = StrategyContext(
            tree, branch, repository, datetime.now(timezone.utc), lambda: str(uuid.uuid4()),
            settings,
        )  # fmt: skip
        packages = release_files.config.packages
        return _Project(
            strategies={p.path: build_strategy(p.path, p.config, context) for p in packages},
            names={p.path: _display_name(tree, p.path, p.config) for p in packages},
            api_check=settings.api_check,
            versions=release_files.versions,
        )
    finally:
        tree.close()


def _display_name(tree: git.Tree, path: str, config: ReleaserConfig) -> str:
    """The package's name: package-name, component, its pyproject name, else its path."""
    names = [config.package_name, config.component, *project_names(tree, path)]
    return next((n for n in names if n), "root package" if path == "." else path)


def _api_changes(
    repo: Path,
    base: tuple[str, str],
    merged: str,
    project: _Project,
    checks: Sequence[TextCheck],
) -> tuple[PrApiChanges, ...]:
    """With api-check on: each python package's API changes from the base to the merge.

    ``short`` when the PR's own texts declare less than the changes need, by the package's
    versioning strategy (a major bump, or a minor one before 1.0.0 under bump-minor-pre-major).
    """
    if project.api_check is None:
        return ()
    base_name, base_sha = base
    declared: list[ConventionalCommit] = [cc for c in checks for cc in c.conventional]
    found: list[PrApiChanges] = []
    for path, strategy in project.strategies.items():
        if strategy.config.release_type != "python":
            continue
        names = [n for n in (strategy.config.package_name, strategy.config.component) if n]
        comparison = compare_api(repo, path=path, old=base_sha, new=merged, old_label=base_name,
                                 new_label="the merge", names=names)  # fmt: skip
        if not comparison.changes and not comparison.warnings:
            continue
        current = project.versions.get(path)
        short, needed = False, None
        if current is not None and comparison.breaks:
            planned = strategy.versioning.bump(current, declared) if declared else current
            raised = strategy.versioning.bump(current, [breaking_commit(comparison), *declared])
            short, needed = str(planned) != str(raised), str(raised)
        found.append(PrApiChanges(project.names.get(path, path), comparison, short, needed))
    return tuple(found)


def comment_report(
    repo: Path, *, github_repo: str | None, number: int | None, markdown: str
) -> tuple[str, IssueComment | None]:
    """Create or update the PR's one check-pr comment (found by :data:`MARKER`).

    Returns :meth:`~releasegate.forge.github.GitHub.sync_comment`'s answer: ``("forbidden",
    None)`` when the token may not comment (a pull request from a fork gets a read-only token).
    Raises UsageError without a PR number or a token.
    """
    if number is None:
        raise UsageError("--comment: no pull request number; pass --pr N or run on a PR event")
    repository = github_repository(repo, github_repo)
    client = github.GitHub.from_env(repository)
    if client is None:
        raise UsageError("--comment needs GITHUB_TOKEN (or GH_TOKEN) with pull-requests: write")
    with client:
        body = redact(f"{MARKER}\n{markdown}")
        return client.sync_comment(number, MARKER, body)
