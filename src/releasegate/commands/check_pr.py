"""``releasegate check-pr``: gate a pull request on what it lands, and preview what it releases.

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
import sys
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, cast

from releasegate._redact import redact
from releasegate.commands._options import Command, option
from releasegate.commands._pr_report import MARKER, render_json, render_markdown, render_text
from releasegate.commands._shared_options import CONFIG, GITHUB_REPO, JSON, MANIFEST, PROJECT
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
from releasegate.forge.actions_output import append_step_summary
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

__all__ = ["COMMAND", "CheckReport", "Options", "PrApiChanges", "Preview", "check_pr", "run"]


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


def run(options: Options) -> int:
    """Check the PR, print the report, write the job summary and the comment; 1 on problems."""
    report = check_pr(options)
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


def check_pr(options: Options) -> CheckReport:
    """Gather the report (writes only an unreferenced merge commit; see the module)."""
    repo = options.project
    git.ensure_repository(repo)
    if git.shallow_commits(repo):
        # The PR's commits, its merge base and the release tags all lie beyond the cut.
        raise UsageError(
            f"{repo}: a shallow clone; check-pr needs the history: check out with "
            "fetch-depth: 0 (actions/checkout), or run 'git fetch --unshallow --tags'"
        )
    event = read_event(_event_path())
    title = options.title if options.title is not None else (event.title if event else None)
    base_name, base_sha = _base(repo, options.base, event)
    head_sha = _head(repo, options.head, event)
    repository = _repository(options, repo)
    token = github.token_from_env()
    methods, notes = _merge_methods(options.merge_method, event, repository, token)
    commits = list(git.iter_commits(repo, f"{base_sha}..{head_sha}", with_files=False,
                                     no_merges=True))  # fmt: skip
    number = options.pr if options.pr is not None else (event.number if event else None)
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
        project = _project(repo, head_sha, base_name, options, repository)
        preview = Preview(method, names=project.names, unavailable=unavailable)
    else:
        plan = plan_release(
            repo,
            branch=base_name,
            config_file=options.config,
            manifest_file=options.manifest,
            repository=repository,
            now=datetime.now(timezone.utc),
            head=merged,
        )
        warnings += plan.warnings
        project = _project(repo, merged, base_name, options, repository)
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


def _repository(options: Options, repo: Path) -> Repository:
    """The GitHub repository; only links and the comment need it, so a guess does without one."""
    try:
        return github_repository(repo, options.github_repo)
    except UsageError:
        if options.comment:
            raise
        return Repository("owner", "repo")


def _merge_methods(
    explicit: str | None,
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
        chosen = cast("MergeMethod", explicit)  # one of METHODS: argparse's choices
        return MergeMethods((chosen,), "--merge-method", squash_title), notes
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
    repo: Path, rev: str, branch: str, options: Options, repository: Repository
) -> _Project:
    """Read the release files and ``[tool.releasegate]`` at ``rev``, as the planner does."""
    tree = git.Tree(repo, rev)
    try:
        settings = load_settings(tree)
        files = read_release_files(
            tree, branch=branch, config_file=options.config, manifest_file=options.manifest,
            scheme=settings.version_scheme,
        )  # fmt: skip
        context = StrategyContext(
            tree, branch, repository, datetime.now(timezone.utc), lambda: str(uuid.uuid4()),
            settings,
        )  # fmt: skip
        packages = files.config.packages
        return _Project(
            strategies={p.path: build_strategy(p.path, p.config, context) for p in packages},
            names={p.path: _display_name(tree, p.path, p.config) for p in packages},
            api_check=settings.api_check,
            versions=files.versions,
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


def _comment(options: Options, report: CheckReport, markdown: str) -> None:
    """Create or update the PR's one check-pr comment; a read-only token is only a note."""
    if report.number is None:
        raise UsageError("--comment: no pull request number; pass --pr N or run on a PR event")
    repository = github_repository(options.project, options.github_repo)
    client = github.GitHub.from_env(repository)
    if client is None:
        raise UsageError("--comment needs GITHUB_TOKEN (or GH_TOKEN) with pull-requests: write")
    with client:
        body = redact(f"{MARKER}\n{markdown}")
        state, comment = client.sync_comment(report.number, MARKER, body)
    if state == "forbidden":
        print(
            f"releasegate: note: the token may not comment on pull request #{report.number} "
            "(a pull request from a fork gets a read-only token); the report is in the job "
            "summary",
            file=sys.stderr,
        )
    elif comment is not None:
        print(f"Comment {state}: {comment.html_url}", file=sys.stderr)
