"""The manifest algorithm behind :func:`releasegate.engine.plan.plan_release`.

release-please's ``Manifest.buildPullRequests``: find each package's release, split the
commits since then among the packages, let the plugins and strategies build the release PRs,
and render every file they change. It only reads.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import TYPE_CHECKING

from releasegate.engine import git
from releasegate.engine.commit_pull_requests import (
    carried_pull_requests,
    history_window,
    with_pull_requests,
)
from releasegate.engine.commit_split import exclude_commits, split_commits
from releasegate.engine.commits import RELEASE_AS, parse_conventional_commits
from releasegate.engine.config import ROOT
from releasegate.engine.plan_types import (
    CommitRecords,
    FileChange,
    PackagePlan,
    PlannedPullRequest,
    ReleasePlan,
)
from releasegate.engine.plugins import Candidate, build_plugins
from releasegate.engine.pull_request import DEFAULT_HEADER
from releasegate.engine.release_search import find_releases
from releasegate.engine.strategies import StrategyContext, build_strategy
from releasegate.engine.strategies.base import Update
from releasegate.engine.updaters.composite import CompositeUpdater
from releasegate.engine.updaters.release_please_manifest import ReleasePleaseManifest
from releasegate.engine.updaters.strict import strict_error
from releasegate.engine.versioning_strategies.default import is_feature
from releasegate.errors import ShallowHistoryError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from datetime import datetime
    from pathlib import Path

    from releasegate.engine.api_check import ApiOutcome
    from releasegate.engine.commit_pull_requests import CommitAssociation
    from releasegate.engine.commits import Commit, ConventionalCommit
    from releasegate.engine.config import PackageConfig
    from releasegate.engine.release_files import ReleaseFiles
    from releasegate.engine.release_search import ReleaseSearch
    from releasegate.engine.repository import Repository
    from releasegate.engine.settings import Settings
    from releasegate.engine.strategies import Release, ReleasePullRequest, Strategy

__all__ = ["Planner"]


class Planner:
    """One run of the manifest algorithm (kept in one object to share its inputs)."""

    def __init__(
        self,
        repo: Path,
        head: str,
        tree: git.Tree,
        files: ReleaseFiles,
        history: git.CommitLog,
        *,
        settings: Settings,
        branch: str,
        manifest_file: str,
        repository: Repository,
        now: datetime,
        id_factory: Callable[[], str] | None,
        pull_requests: Sequence[CommitAssociation] | None = None,
    ) -> None:
        """Plan ``branch`` at ``head``, from its committed ``files`` and ``history`` (unread).

        ``pull_requests``: GitHub's history from ``head`` with each commit's associated pull
        requests (see :func:`releasegate.engine.plan.plan_release`); None reads git alone.
        """
        self.repo = repo
        self.branch = branch
        self.head = head
        self.tree = tree
        self.context = StrategyContext(
            tree, branch, repository, now, id_factory or (lambda: str(uuid.uuid4())), settings
        )
        self.history = history
        self.manifest_file = manifest_file
        self.warnings: list[str] = list(files.warnings)
        self._parsed_by_sha: dict[str, list[ConventionalCommit]] = {}
        # The commits read from git, and their conventional commits in the same order.
        self._read: list[Commit] = []
        self._read_conventional: list[ConventionalCommit] = []
        self.config = files.config
        self.versions = files.versions
        self.strategies: dict[str, Strategy] = {
            p.path: build_strategy(p.path, p.config, self.context) for p in self.config.packages
        }
        self.packages: dict[str, PackageConfig] = {p.path: p for p in self.config.packages}
        self.pull_requests = pull_requests
        self.commits_read = 0  # history entries the walk took, the commit it stopped at included
        # Per package, for the summary: commits left out by exclude-paths, and whether
        # commit-search-depth ended the history before the package's release.
        self._excluded: dict[str, int] = {}
        self._truncated: set[str] = set()

    # -- the algorithm ---------------------------------------------------------------------
    def window(self) -> int:
        """Find the releases and walk the history only: the commits to read with their PRs."""
        self._commits_by_path(self._releases().tagged)
        return history_window(self.commits_read, self.config.commit_batch_size)

    def _releases(self) -> ReleaseSearch:
        return find_releases(
            git.list_tags(self.repo),
            self.strategies,
            self.versions,
            search_depth=self.config.release_search_depth,
            scheme=self.context.settings.version_scheme,
        )

    def plan(self) -> ReleasePlan:
        """Plan every release PR (release-please's ``buildPullRequests``)."""
        search = self._releases()
        commits_by_path = self._commits_by_path(search.tagged)
        releases = search.releases
        plugins = build_plugins(self.config, self.context, manifest_file=self.manifest_file)
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
            api = self._check_api(path, package, strategy, latest, conventional)
            if api is not None:
                conventional = list(api.commits)
            pr = strategy.build_release_pull_request(
                conventional,
                latest,
                draft=package.config.draft_pull_request,
                labels=self.config.labels,
            )
            summary = self._summary(
                path, strategy, latest, conventional, considered=commits_by_path[path], pr=pr,
                api=api,
            )  # fmt: skip
            summaries.append(summary)
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
        _add_api_sections(candidates, [s.api_check for s in summaries if s.api_check])
        pull_requests = tuple(self._render(c.pull_request) for c in candidates)
        summaries = _with_plugin_releases(summaries, candidates, self.manifest_file)
        window = history_window(self.commits_read, self.config.commit_batch_size)
        return ReleasePlan(
            pull_requests, tuple(summaries), tuple(self.warnings), search, history_window=window
        )

    def _check_api(
        self,
        path: str,
        package: PackageConfig,
        strategy: Strategy,
        latest: Release | None,
        commits: Sequence[ConventionalCommit],
    ) -> ApiOutcome | None:
        """``[tool.releasegate] api-check`` on one package; None when it is off (the default)."""
        mode = self.context.settings.api_check
        if mode is None:
            return None
        from releasegate.engine.api_check import check_package  # noqa: PLC0415 - only when it is on

        outcome = check_package(
            self.repo, mode=mode, head=self.head, path=path, config=package.config,
            strategy=strategy, latest=latest, commits=commits,
        )  # fmt: skip
        if outcome is not None:
            self.warnings += outcome.warnings
        return outcome

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
        shallow = git.shallow_commits(self.repo)
        depth = self.config.commit_search_depth
        # Locals, not attribute lookups: this loop runs once per commit (50,000, issue 11).
        last_release_sha = self.config.last_release_sha
        bootstrap_sha = self.config.bootstrap_sha if needs_bootstrap else None
        wanted = len(release_shas)
        parsed_by_sha = self._parsed_by_sha
        append = commits.append
        history: Iterable[Commit] = self.history
        if self.pull_requests is not None:
            carried = carried_pull_requests(self.pull_requests, self.config.commit_batch_size)
            history = with_pull_requests(history, carried)
        stopped = 1  # the walk breaks at a release commit, which it read too
        for commit in history:
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
        else:
            stopped = 0  # the history ran out
        self.commits_read = len(commits) + stopped
        self.history.close()  # what git has not printed yet is not needed: stop it now
        split = split_commits(commits, list(self.packages))
        # the walk ran out at commit-search-depth, not at a release or the first commit
        cut = not stopped and len(commits) >= depth > 0
        by_path: dict[str, list[Commit]] = {}
        for path in self.packages:
            path_commits = commits if path == ROOT else split.get(path, [])
            release = releases.get(path)
            if cut and (release is None or release.sha not in release_index):
                self._truncated.add(path)
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
            self._excluded[path] = len(path_commits) - len(by_path[path])
        return by_path

    # -- output ----------------------------------------------------------------------------
    def _render(self, pr: ReleasePullRequest) -> PlannedPullRequest:
        changes: list[FileChange] = []
        for update in pr.updates:
            original = self.tree.read(update.path)
            strict = self.context.settings.strict
            if strict and original is None and (error := strict_error(update, original)):
                raise error
            if original is None and not update.create_if_missing:
                continue
            content = CompositeUpdater(*update.updaters).update_content(original)
            if strict and (error := strict_error(update, original)):
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
        api: ApiOutcome | None = None,
    ) -> PackagePlan:
        current = self.versions.get(path)
        since = _since(latest)
        raised = api is not None and api.raised  # then the first commit is api-check's
        counted = len(commits) - raised  # conventional ones (a commit may hold several)
        # every commit read, as doctor counts them; the conventional ones when they differ
        read = f"{len(considered)} commit(s) {since}"
        if counted != len(considered):
            read += f", {counted} conventional"
        if pr is None:
            reason = f"no commits {since}" if not considered else f"{read}, none user-facing"
        elif api is not None and raised:
            reason = (
                f"{_describe_changes(commits, strategy)}; {read}; "
                f"api-check found {len(api.comparison.breaks)} public API break(s)"
            )
        else:
            reason = f"{_describe_changes(commits, strategy)}; {read}"
        return PackagePlan(
            path=path,
            component=strategy.get_component(),
            current_version=str(current) if current is not None else None,
            next_version=str(pr.version) if pr is not None and pr.version is not None else None,
            latest_tag=str(latest.tag) if latest is not None and latest.sha else None,
            commits=counted,
            reason=reason,
            considered=CommitRecords(considered, self._parsed),
            decisive=_decisive(commits) if pr is not None else None,
            api_check=api,
            excluded=self._excluded.get(path, 0),
            truncated=path in self._truncated,
        )


def _decisive(commits: Sequence[ConventionalCommit]) -> str | None:
    """The header of the commit that sets the bump: breaking, else feature, else fix, else any.

    One pass, stopping at the first breaking commit (a long history is read once more here).
    """
    feature = fix = None
    for commit in commits:
        if commit.breaking:
            return commit.message
        if feature is None and is_feature(commit):
            feature = commit
        elif fix is None and commit.type == "fix":
            fix = commit
    chosen = feature or fix or (commits[0] if commits else None)
    return None if chosen is None else chosen.message


def _add_api_sections(candidates: Sequence[Candidate], outcomes: Sequence[ApiOutcome]) -> None:
    """Put api-check's sections at the top of the release PRs whose packages they concern.

    The section goes into the header (above the first ``---``), never the notes: github-release
    reads the release notes back from between the ``---`` lines.
    """
    for candidate in candidates:
        pr = candidate.pull_request
        components = {release.component or "" for release in pr.releases}
        sections = [o.section for o in outcomes if o.section and o.component in components]
        if sections:
            pr.header = "\n\n".join([pr.header or DEFAULT_HEADER, *sections])


def _with_plugin_releases(
    summaries: list[PackagePlan], candidates: Sequence[Candidate], manifest_file: str
) -> list[PackagePlan]:
    """The summaries, with the releases a plugin added (no commit of the package asked for).

    ``uv-workspace`` releases a member because a workspace dependency moved; the manifest
    updates of the final candidates say which packages a PR releases, at which version.
    """
    released: dict[str, str] = {}
    for candidate in candidates:
        for update in candidate.pull_request.updates:
            if update.path != manifest_file:
                continue
            for updater in update.updaters:
                if isinstance(updater, ReleasePleaseManifest) and updater.versions_map:
                    released.update({p: str(v) for p, v in updater.versions_map.items()})
    return [
        replace(s, next_version=released[s.path], reason="a workspace dependency moved")
        if s.next_version is None and s.path in released
        else s
        for s in summaries
    ]


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
