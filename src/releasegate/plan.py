"""The release plan: config + manifest + git history -> the release PR(s) release-please opens.

This is release-please's ``Manifest.buildPullRequests`` followed by ``buildChangeSet``. It only
reads (git and files at the branch head); it never writes.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, overload

from releasegate import git
from releasegate._gc import paused as paused_gc
from releasegate.commit_split import exclude_commits, split_commits
from releasegate.commits import RELEASE_AS, parse_conventional_commits
from releasegate.config import ROOT
from releasegate.errors import ShallowHistoryError
from releasegate.plugins import Candidate, build_plugins
from releasegate.release_files import read_release_files
from releasegate.release_search import ReleaseSearch, find_releases
from releasegate.settings import load_settings
from releasegate.strategies import Repository, StrategyContext, build_strategy
from releasegate.strategies.base import Update
from releasegate.updaters.composite import CompositeUpdater
from releasegate.updaters.release_please_manifest import ReleasePleaseManifest
from releasegate.updaters.strict import missing_error, unchanged_error
from releasegate.versioning_strategies.default import is_feature

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import datetime
    from pathlib import Path

    from releasegate.commits import Commit, ConventionalCommit
    from releasegate.config import PackageConfig
    from releasegate.strategies import Release, ReleasePullRequest, Strategy

__all__ = [
    "CommitRecord",
    "CommitRecords",
    "FileChange",
    "PackagePlan",
    "PlannedPullRequest",
    "ReleasePlan",
    "plan_release",
]


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file of a release PR: its new content and whether it is created or updated."""

    path: str
    content: str
    status: str  # "created" | "updated"


@dataclass(frozen=True, slots=True)
class PlannedPullRequest:
    """A release PR as release-please would open it."""

    title: str
    head_branch: str
    base_branch: str
    body: str
    labels: tuple[str, ...]
    version: str | None
    draft: bool
    updates: tuple[FileChange, ...]


@dataclass(frozen=True, slots=True)
class CommitRecord:
    """A git commit the plan read for a package: its sha, subject line and whether it parsed.

    ``parsed`` is False when the message is not a conventional commit (release-please skips
    it); a synthetic commit added by a plugin is not listed.
    """

    sha: str
    subject: str
    parsed: bool


class CommitRecords(Sequence[CommitRecord]):
    """The git commits read for a package, as :class:`CommitRecord` s built on first use.

    A long history has tens of thousands of them, and only diagnostics read them.
    """

    __slots__ = ("_commits", "_parsed", "_records")

    def __init__(
        self, commits: Sequence[Commit], parsed: Callable[[Commit], Sequence[object]]
    ) -> None:
        self._commits = commits
        self._parsed = parsed
        self._records: tuple[CommitRecord, ...] | None = None

    def _built(self) -> tuple[CommitRecord, ...]:
        if self._records is None:
            parsed = self._parsed
            self._records = tuple(
                CommitRecord(c.sha, c.message.partition("\n")[0], bool(parsed(c)))
                for c in self._commits
            )
        return self._records

    @overload
    def __getitem__(self, index: int) -> CommitRecord: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[CommitRecord, ...]: ...
    def __getitem__(self, index: int | slice) -> CommitRecord | tuple[CommitRecord, ...]:
        return self._built()[index]

    def __len__(self) -> int:
        return len(self._commits)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CommitRecords):
            return self._built() == other._built()
        return self._built() == other if isinstance(other, tuple) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._built())

    def __repr__(self) -> str:
        return f"CommitRecords({list(self)!r})"


@dataclass(frozen=True, slots=True)
class PackagePlan:
    """What the plan decided for one package, for the human summary.

    ``latest_tag`` is None when the release is known from the manifest only; ``commits``
    counts conventional commits; ``considered`` lists the git commits read for the package
    (newest first) and ``unparsed`` those that are not conventional commits.
    """

    path: str
    component: str
    current_version: str | None
    next_version: str | None
    latest_tag: str | None
    commits: int
    reason: str
    considered: Sequence[CommitRecord] = ()

    @property
    def unparsed(self) -> tuple[CommitRecord, ...]:
        """The commits read for the package that did not parse as conventional commits."""
        return tuple(c for c in self.considered if not c.parsed)


@dataclass(frozen=True, slots=True)
class ReleasePlan:
    """Every release PR of a run, with per-package decisions, warnings and the release search.

    ``release_search`` records why each tag was or was not taken as a release and how each
    package's release was found (see :mod:`releasegate.release_search`).
    """

    pull_requests: tuple[PlannedPullRequest, ...]
    packages: tuple[PackagePlan, ...]
    warnings: tuple[str, ...] = field(default=())
    release_search: ReleaseSearch | None = None


def plan_release(
    repo: Path,
    *,
    branch: str,
    config_file: str | None,
    manifest_file: str,
    repository: Repository,
    now: datetime,
    id_factory: Callable[[], str] | None = None,
) -> ReleasePlan:
    """Compute the release PR(s) for ``branch`` of the git repository at ``repo``.

    ``config_file`` and ``manifest_file`` are paths inside the repository (no ``config_file``:
    ``release-please-config.json``, else ``.release-please-config.json``); like release-please,
    they are read from the branch's committed tree. Raises UsageError for bad input.
    """
    head = git.resolve_branch(repo, branch)
    tree = git.Tree(repo, head)
    try:
        context = StrategyContext(
            tree,
            branch,
            repository,
            now,
            id_factory or (lambda: str(uuid.uuid4())),
            load_settings(tree),  # may raise: the tree's git process must still be closed
        )
        planner = _Planner(repo, head, context, config_file, manifest_file)
        with paused_gc():  # many small objects, no cycles: see releasegate._gc
            return planner.plan()
    finally:
        tree.close()


class _Planner:
    """One run of the manifest algorithm (kept in one object to share its inputs)."""

    def __init__(
        self,
        repo: Path,
        head: str,
        context: StrategyContext,
        config_file: str | None,
        manifest_file: str,
    ) -> None:
        self.repo = repo
        self.branch = context.target_branch
        self.head = head
        self.tree = context.tree
        self.context = context
        self.manifest_file = manifest_file
        self.warnings: list[str] = []
        self._parsed_by_sha: dict[str, list[ConventionalCommit]] = {}
        # The commits read from git, and their conventional commits in the same order.
        self._read: list[Commit] = []
        self._read_conventional: list[ConventionalCommit] = []
        files = read_release_files(
            self.tree,
            branch=self.branch,
            config_file=config_file,
            manifest_file=manifest_file,
            scheme=context.settings.version_scheme,
            # the work tree is this branch's only when it is checked out
            work_tree=repo if git.head_commit(repo) == head else None,
        )
        self.config = files.config
        self.versions = files.versions
        self.warnings.extend(files.warnings)
        self.strategies: dict[str, Strategy] = {
            p.path: build_strategy(p.path, p.config, self.context) for p in self.config.packages
        }
        self.packages: dict[str, PackageConfig] = {p.path: p for p in self.config.packages}

    # -- the algorithm ---------------------------------------------------------------------
    def plan(self) -> ReleasePlan:
        search = find_releases(
            git.list_tags(self.repo),
            self.strategies,
            self.versions,
            search_depth=self.config.release_search_depth,
        )
        commits_by_path = self._commits_by_path(search.tagged)
        releases = search.releases
        plugins = build_plugins(self.config, self.context)
        strategies: Mapping[str, Strategy] = self.strategies
        conventional_by_path: Mapping[str, Sequence[ConventionalCommit]] = {
            path: self._conventional(commits) for path, commits in commits_by_path.items()
        }
        for plugin in plugins:
            preconfigured = plugin.preconfigure(strategies, conventional_by_path, releases)
            strategies = preconfigured.strategies
            conventional_by_path = preconfigured.commits_by_path
        candidates: list[Candidate] = []
        summaries: list[PackagePlan] = []
        for path, package in self.packages.items():
            conventional = list(conventional_by_path[path])
            for plugin in plugins:
                conventional = plugin.process_commits(conventional)
            strategy = strategies[path]
            latest = releases.get(path)
            pr = strategy.build_release_pull_request(
                conventional,
                latest,
                draft=package.config.draft_pull_request,
                labels=self.config.labels,
            )
            summaries.append(
                self._summary(
                    path, strategy, latest, conventional, considered=commits_by_path[path], pr=pr
                )
            )
            if pr is None:
                continue
            if pr.version is not None:
                manifest = ReleasePleaseManifest(
                    version=pr.version, versions_map={path: pr.version}
                )
                pr.updates.append(Update(self.manifest_file, (manifest,)))
            candidates.append(Candidate(path, package.config, pr))
        for plugin in plugins:
            candidates = plugin.run(candidates)
        pull_requests = tuple(self._render(c.pull_request) for c in candidates)
        return ReleasePlan(pull_requests, tuple(summaries), tuple(self.warnings), search)

    def _parsed(self, commit: Commit) -> list[ConventionalCommit]:
        """The conventional commits of one git commit (parsed while reading history)."""
        parsed = self._parsed_by_sha.get(commit.sha) if commit.sha else None
        return parsed if parsed is not None else parse_conventional_commits([commit])

    def _conventional(self, commits: list[Commit]) -> list[ConventionalCommit]:
        """The conventional commits of ``commits``, in order."""
        if commits is self._read:  # every commit read: flattened while reading (a copy)
            return list(self._read_conventional)
        parsed = self._parsed
        return [cc for c in commits for cc in parsed(c)]

    def _commits_by_path(self, releases: dict[str, Release]) -> dict[str, list[Commit]]:
        """Commits since each package's release, split by package path and exclude-paths."""
        release_shas = {r.sha for r in releases.values() if r.sha}
        needs_bootstrap = len(releases) < len(self.strategies)
        commits = self._read
        conventional = self._read_conventional
        # Where each release commit was met: the commits before it are the package's.
        release_index: dict[str, int] = {}
        # Changed paths only matter to split commits among packages or to exclude-paths.
        with_files = any(
            path != ROOT or package.config.exclude_paths for path, package in self.packages.items()
        )
        shallow = git.shallow_commits(self.repo)
        depth = self.config.commit_search_depth
        # Locals, not attribute lookups: this loop runs once per commit (50,000, issue 11).
        last_release_sha = self.config.last_release_sha
        bootstrap_sha = self.config.bootstrap_sha if needs_bootstrap else None
        wanted = len(release_shas)
        parsed_by_sha = self._parsed_by_sha
        append = commits.append
        for commit in git.iter_commits(
            self.repo, self.head, max_count=depth, with_files=with_files
        ):
            sha = commit.sha
            if sha in release_shas:
                release_index[sha] = len(commits)
            if last_release_sha and last_release_sha == sha:
                break
            if needs_bootstrap and sha == bootstrap_sha:
                break
            if not needs_bootstrap and len(release_index) >= wanted:
                break
            append(commit)
            # Parsing here overlaps with git still writing the rest of the history.
            parsed_by_sha[sha] = parsed = parse_conventional_commits([commit])
            conventional += parsed
            if sha in shallow and len(commits) != depth:
                # A shallow clone's boundary: a full clone would walk on from here (issue 8).
                raise ShallowHistoryError.from_repo(self.repo)
        split = split_commits(commits, list(self.packages))
        by_path: dict[str, list[Commit]] = {}
        for path in self.packages:
            path_commits = commits if path == ROOT else split.get(path, [])
            release = releases.get(path)
            if release is not None and release.sha in release_index:
                if path == ROOT:
                    # Only if read: the walk stops at the last release it needed, unread.
                    if release_index[release.sha] < len(commits):
                        path_commits = commits[: release_index[release.sha]]
                else:
                    index = next(
                        (i for i, c in enumerate(path_commits) if c.sha == release.sha), -1
                    )
                    if index != -1:
                        path_commits = path_commits[:index]
            by_path[path] = exclude_commits(
                path_commits, path, self.packages[path].config.exclude_paths
            )
        return by_path

    # -- output ----------------------------------------------------------------------------
    def _render(self, pr: ReleasePullRequest) -> PlannedPullRequest:
        changes: list[FileChange] = []
        for update in pr.updates:
            original = self.tree.read(update.path)
            strict = self.context.settings.strict
            if original is None and update.required and strict:
                raise missing_error(update.path)
            if original is None and not update.create_if_missing:
                continue
            content = CompositeUpdater(*update.updaters).update_content(original)
            if strict and original is not None:
                error = unchanged_error(
                    update.path, original, update.updaters, required=update.required
                )
                if error is not None:
                    raise error
            if not content or content == original:
                continue
            changes.append(
                FileChange(update.path, content, "created" if original is None else "updated")
            )
        return PlannedPullRequest(
            title=pr.title,
            head_branch=pr.head_branch,
            base_branch=self.branch,
            body=pr.body,
            labels=tuple(pr.labels),
            version=str(pr.version) if pr.version is not None else None,
            draft=pr.draft,
            updates=tuple(changes),
        )

    def _summary(
        self,
        path: str,
        strategy: Strategy,
        latest: Release | None,
        commits: Sequence[ConventionalCommit],
        *,
        considered: Sequence[Commit],
        pr: ReleasePullRequest | None,
    ) -> PackagePlan:
        current = self.versions.get(path)
        since = _since(latest)
        if pr is None:
            reason = (
                f"no commits {since}"
                if not commits
                else f"{len(commits)} commit(s) {since}, none user-facing"
            )
        else:
            reason = f"{_describe_changes(commits, strategy)}; {len(commits)} commit(s) {since}"
        return PackagePlan(
            path=path,
            component=strategy.get_component(),
            current_version=str(current) if current is not None else None,
            next_version=str(pr.version) if pr is not None and pr.version is not None else None,
            latest_tag=str(latest.tag) if latest is not None and latest.sha else None,
            commits=len(commits),
            reason=reason,
            considered=CommitRecords(considered, self._parsed),
        )


def _since(latest: Release | None) -> str:
    """Where the commits were counted from, saying so when the release has no tag."""
    if latest is None:
        return "in the history read"
    if not latest.sha:
        return f"since {latest.tag.version} (manifest; no tag {latest.tag})"
    return f"since {latest.tag}"


def _describe_changes(commits: Sequence[ConventionalCommit], strategy: Strategy) -> str:
    """Say why a version moves: release-as, breaking changes, features, fixes.

    A breaking feature or fix counts once, as breaking, as the version bump counts it.
    """
    if strategy.release_as:
        return f"release-as {strategy.release_as} in the config"
    breaking = feat = fix = 0
    for commit in commits:  # one pass: a 50,000-commit release reads this once per commit
        if commit.notes and any(n.title == RELEASE_AS for n in commit.notes):
            return "Release-As footer"
        if commit.breaking:
            breaking += 1
        elif is_feature(commit):
            feat += 1
        elif commit.type == "fix":
            fix += 1
    counts = {"breaking": breaking, "feat": feat, "fix": fix}
    parts = [f"{n} {kind}" for kind, n in counts.items() if n]
    return ", ".join(parts) if parts else "other changes"
