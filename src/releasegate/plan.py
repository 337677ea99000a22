"""The release plan: config + manifest + git history -> the release PR(s) release-please opens.

This is release-please's ``Manifest.buildPullRequests`` followed by ``buildChangeSet``. It only
reads (git and files at the branch head); it never writes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from releasegate import git
from releasegate.commit_split import exclude_commits, split_commits
from releasegate.commits import parse_conventional_commits
from releasegate.config import (
    CONFIG_FILE_NAMES,
    GroupPriorityConfig,
    LinkedVersionsConfig,
    SentenceCaseConfig,
    parse_config,
)
from releasegate.errors import ShallowHistoryError, UsageError
from releasegate.manifest import parse_manifest
from releasegate.plugins.group_priority import group_priority
from releasegate.plugins.linked_versions import link_versions, merge_linked
from releasegate.plugins.merge import Candidate, merge_candidates
from releasegate.plugins.sentence_case import sentence_case
from releasegate.strategies import Release, Repository, StrategyContext, build_strategy
from releasegate.strategies.base import ROOT, Update
from releasegate.tag_name import TagName
from releasegate.updaters.release_please_manifest import ReleasePleaseManifest
from releasegate.version import Version, VersionParseError
from releasegate.versioning_strategies.default import RELEASE_AS_NOTE, is_feature

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import datetime
    from pathlib import Path

    from releasegate.commits import Commit, ConventionalCommit
    from releasegate.config import ManifestConfig, PackageConfig
    from releasegate.strategies import ReleasePullRequest, Strategy

__all__ = ["FileChange", "PackagePlan", "PlannedPullRequest", "ReleasePlan", "plan_release"]


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
class PackagePlan:
    """What the plan decided for one package, for the human summary."""

    path: str
    component: str
    current_version: str | None
    next_version: str | None
    latest_tag: str | None
    commits: int
    reason: str


@dataclass(frozen=True, slots=True)
class ReleasePlan:
    """Every release PR of a run, with per-package decisions and warnings."""

    pull_requests: tuple[PlannedPullRequest, ...]
    packages: tuple[PackagePlan, ...]
    warnings: tuple[str, ...] = field(default=())


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
        planner = _Planner(
            repo=repo,
            branch=branch,
            head=head,
            tree=tree,
            config_file=config_file,
            manifest_file=manifest_file,
            repository=repository,
            now=now,
            id_factory=id_factory or (lambda: str(uuid.uuid4())),
        )
        return planner.plan()
    finally:
        tree.close()


class _Planner:
    """One run of the manifest algorithm (kept in one object to share its inputs)."""

    def __init__(
        self,
        *,
        repo: Path,
        branch: str,
        head: str,
        tree: git.Tree,
        config_file: str | None,
        manifest_file: str,
        repository: Repository,
        now: datetime,
        id_factory: Callable[[], str],
    ) -> None:
        self.repo = repo
        self.branch = branch
        self.head = head
        self.tree = tree
        self.manifest_file = manifest_file
        self.warnings: list[str] = []
        self._parsed_by_sha: dict[str, list[ConventionalCommit]] = {}
        self._checked_out: bool | None = None
        self.config = self._load_config(config_file)
        self.versions = self._load_manifest(manifest_file)
        self.context = StrategyContext(tree, branch, repository, now, id_factory)
        self.strategies: dict[str, Strategy] = {
            p.path: build_strategy(p.path, p.config, self.context) for p in self.config.packages
        }
        self.packages: dict[str, PackageConfig] = {p.path: p for p in self.config.packages}

    # -- inputs ----------------------------------------------------------------------------
    def _load_config(self, name: str | None) -> ManifestConfig:
        if name is None:
            name = next((n for n in CONFIG_FILE_NAMES if self.tree.read(n) is not None), None)
            if name is None:
                raise UsageError(
                    f"no {' or '.join(CONFIG_FILE_NAMES)} on branch {self.branch!r}; "
                    "commit one or pass --config PATH"
                )
        text = self.tree.read(name)
        if text is None:
            raise UsageError(
                f"{name}: not found on branch {self.branch!r}; commit it or pass --config PATH"
            )
        self._warn_if_uncommitted(name, text)
        config, warnings = parse_config(text.encode(), name)
        self.warnings.extend(warnings)
        return config

    def _load_manifest(self, name: str) -> dict[str, Version]:
        text = self.tree.read(name)
        if text is None:
            raise UsageError(
                f"{name}: not found on branch {self.branch!r}; commit it or pass --manifest PATH"
            )
        self._warn_if_uncommitted(name, text)
        return {
            path: _manifest_version(name, path, value)
            for path, value in parse_manifest(text.encode(), name).items()
        }

    def _warn_if_uncommitted(self, name: str, committed: str) -> None:
        """Say so when the work tree's copy differs: like release-please, we read the branch."""
        if self._checked_out is None:
            self._checked_out = git.head_commit(self.repo) == self.head
        if not self._checked_out:
            return  # planning another branch: the work tree is not that branch's
        local = self.repo / name
        try:
            differs = local.is_file() and local.read_text(encoding="utf-8") != committed
        except (OSError, UnicodeDecodeError):
            differs = False
        if differs:
            self.warnings.append(
                f"{name}: the work tree differs from branch {self.branch!r}; the committed "
                "version is used, as release-please would; commit your changes to plan with them"
            )

    # -- the algorithm ---------------------------------------------------------------------
    def plan(self) -> ReleasePlan:
        releases = self._find_releases()
        commits_by_path = self._commits_by_path(releases)
        for path, strategy in self.strategies.items():
            version = self.versions.get(path)
            if path not in releases and version is not None and str(version) != "0.0.0":
                component = strategy.get_component()
                tag = TagName(version, component, strategy.tag_separator, strategy.include_v_in_tag)
                releases[path] = Release(tag, "")
        strategies = dict(self.strategies)
        for plugin in self.config.plugins:
            if isinstance(plugin, LinkedVersionsConfig):
                strategies = link_versions(
                    plugin,
                    strategies=strategies,
                    commits_by_path=commits_by_path,
                    releases=releases,
                    context=self.context,
                    packages=self.packages,
                )
        candidates: list[Candidate] = []
        summaries: list[PackagePlan] = []
        for path, package in self.packages.items():
            conventional = [cc for c in commits_by_path[path] for cc in self._parsed(c)]
            for plugin in self.config.plugins:
                if isinstance(plugin, SentenceCaseConfig):
                    conventional = sentence_case(conventional, plugin.special_words)
            strategy = strategies[path]
            latest = releases.get(path)
            pr = strategy.build_release_pull_request(
                conventional,
                latest,
                draft=package.config.draft_pull_request,
                labels=self.config.labels,
            )
            summaries.append(self._summary(path, strategy, latest, conventional, pr))
            if pr is None:
                continue
            if pr.version is not None:
                manifest = ReleasePleaseManifest(
                    version=pr.version, versions_map={path: pr.version}
                )
                pr.updates.append(Update(self.manifest_file, (manifest,)))
            candidates.append(Candidate(path, package.config, pr))
        candidates = self._run_plugins(candidates)
        pull_requests = tuple(self._render(c.pull_request) for c in candidates)
        return ReleasePlan(pull_requests, tuple(summaries), tuple(self.warnings))

    def _find_releases(self) -> dict[str, Release]:
        """Each package's latest release: the tag for its manifest version (newest first)."""
        all_tags = git.list_tags(self.repo)
        # Only tags in a package's own format are releases; release-search-depth counts those.
        release_tags = [
            (tag, parsed)
            for tag in all_tags
            if (parsed := TagName.parse(tag.name)) is not None
            and self._is_release_tag(tag.name, parsed)
        ][: max(self.config.release_search_depth, 0) or None]
        by_component: dict[str, list[str]] = {}
        for path, strategy in self.strategies.items():
            by_component.setdefault(strategy.get_component() or "", []).append(path)
        releases: dict[str, Release] = {}
        found = 0
        for tag, parsed in release_tags:
            for path in by_component.get(parsed.component or "", []):
                expected = self.versions.get(path)
                if expected is not None and str(expected) == str(parsed.version):
                    releases[path] = Release(parsed, tag.sha)
                    found += 1
            if found >= len(self.strategies):
                break
        if found < len(self.strategies):
            by_name = {t.name: t for t in all_tags}
            for path, strategy in self.strategies.items():
                if path in releases or path not in self.versions:
                    continue
                expected_tag = TagName(
                    self.versions[path],
                    strategy.get_component(),
                    strategy.tag_separator,
                    strategy.include_v_in_tag,
                )
                hit = by_name.get(str(expected_tag))
                if hit is None and ROOT in self.strategies and strategy.config.skip_github_release:
                    root = self.strategies[ROOT]
                    expected_tag = TagName(
                        self.versions[path],
                        root.get_component(),
                        root.tag_separator,
                        root.include_v_in_tag,
                    )
                    hit = by_name.get(str(expected_tag))
                if hit is not None:
                    releases[path] = Release(expected_tag, hit.sha)
        return releases

    def _is_release_tag(self, name: str, parsed: TagName) -> bool:
        """Whether ``name`` is exactly the tag some package would create for its version."""
        return any(
            str(TagName(parsed.version, s.get_component(), s.tag_separator, s.include_v_in_tag))
            == name
            for s in self.strategies.values()
        )

    def _parsed(self, commit: Commit) -> list[ConventionalCommit]:
        """The conventional commits of one git commit (parsed while reading history)."""
        parsed = self._parsed_by_sha.get(commit.sha) if commit.sha else None
        return parsed if parsed is not None else parse_conventional_commits([commit])

    def _commits_by_path(self, releases: dict[str, Release]) -> dict[str, list[Commit]]:
        """Commits since each package's release, split by package path and exclude-paths."""
        release_shas = {r.sha for r in releases.values() if r.sha}
        needs_bootstrap = len(releases) < len(self.strategies)
        commits: list[Commit] = []
        seen = 0
        # Changed paths only matter to split commits among packages or to exclude-paths.
        with_files = any(
            path != ROOT or package.config.exclude_paths for path, package in self.packages.items()
        )
        shallow = git.shallow_commits(self.repo)
        depth = self.config.commit_search_depth
        for commit in git.iter_commits(
            self.repo, self.head, max_count=depth, with_files=with_files
        ):
            if commit.sha in release_shas:
                seen += 1
            if self.config.last_release_sha and self.config.last_release_sha == commit.sha:
                break
            if needs_bootstrap and commit.sha == self.config.bootstrap_sha:
                break
            if not needs_bootstrap and seen >= len(release_shas):
                break
            commits.append(commit)
            # Parsing here overlaps with git still writing the rest of the history.
            self._parsed_by_sha[commit.sha] = parse_conventional_commits([commit])
            if commit.sha in shallow and len(commits) != depth:
                # A shallow clone's boundary: a full clone would walk on from here (issue 8).
                raise ShallowHistoryError.from_repo(self.repo)
        split = split_commits(commits, list(self.packages))
        by_path: dict[str, list[Commit]] = {}
        for path in self.packages:
            path_commits = commits if path == ROOT else split.get(path, [])
            release = releases.get(path)
            if release is not None:
                index = next((i for i, c in enumerate(path_commits) if c.sha == release.sha), -1)
                if index != -1:
                    path_commits = path_commits[:index]
            by_path[path] = exclude_commits(
                path_commits, path, self.packages[path].config.exclude_paths
            )
        return by_path

    def _run_plugins(self, candidates: list[Candidate]) -> list[Candidate]:
        for plugin in self.config.plugins:
            if isinstance(plugin, LinkedVersionsConfig):
                candidates = merge_linked(plugin, candidates, self.branch)
            elif isinstance(plugin, GroupPriorityConfig):
                candidates = group_priority(plugin, candidates)
        if not self.config.separate_pull_requests:
            candidates = merge_candidates(
                candidates,
                self.branch,
                self.packages,
                title_pattern=self.config.group_pull_request_title_pattern,
            )
        return candidates

    # -- output ----------------------------------------------------------------------------
    def _render(self, pr: ReleasePullRequest) -> PlannedPullRequest:
        changes: list[FileChange] = []
        for update in pr.updates:
            original = self.tree.read(update.path)
            if original is None and not update.create_if_missing:
                continue
            content: str | None = original
            for updater in update.updaters:
                content = updater.update_content(content)
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
        pr: ReleasePullRequest | None,
    ) -> PackagePlan:
        current = self.versions.get(path)
        since = f"since {latest.tag}" if latest is not None else "in the history read"
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
            latest_tag=str(latest.tag) if latest is not None else None,
            commits=len(commits),
            reason=reason,
        )


def _describe_changes(commits: Sequence[ConventionalCommit], strategy: Strategy) -> str:
    """Say why a version moves: release-as, breaking changes, features, fixes."""
    if strategy.release_as:
        return f"release-as {strategy.release_as} in the config"
    if any(n.title == RELEASE_AS_NOTE for c in commits for n in c.notes):
        return "Release-As footer"
    counts = {
        "breaking": sum(c.breaking for c in commits),
        "feat": sum(is_feature(c) for c in commits),
        "fix": sum(c.type == "fix" for c in commits),
    }
    parts = [f"{n} {kind}" for kind, n in counts.items() if n]
    return ", ".join(parts) if parts else "other changes"


def _manifest_version(name: str, path: str, value: str) -> Version:
    try:
        return Version.parse(value)
    except VersionParseError:
        raise UsageError(f"{name}: {path!r}: {value!r} is not a version; use X.Y.Z") from None
