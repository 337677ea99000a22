"""Which releases to make: from merged release PRs (release-please) or untagged manifest versions.

:func:`build_releases` is release-please's ``Manifest.buildReleases``: every merged release PR
still labelled pending, read back (title, head branch, body) by each package's strategy as
``BaseStrategy.buildRelease`` does, gives one :class:`CandidateRelease` per package it released.
:func:`untagged_releases` is releasegate's answer without GitHub: the manifest versions whose tag
does not exist yet, each at the commit that set it. Both only read; they never write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Protocol

from releasegate.engine import git
from releasegate.engine.manifest import parse_manifest
from releasegate.engine.package_graph import (
    PythonPackage,
    dependency_order,
    pyproject_path,
    read_package,
    workspace_members,
)
from releasegate.engine.pull_request import (
    MANIFEST_TITLE_PATTERN,
    parse_body,
    parse_branch_name,
    parse_title,
)
from releasegate.engine.release_files import read_branch_files
from releasegate.engine.settings import Settings
from releasegate.engine.strategies import StrategyContext, build_strategy
from releasegate.engine.tag_name import TagName
from releasegate.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from releasegate.engine.config import ManifestConfig
    from releasegate.engine.pull_request import ReleaseData
    from releasegate.engine.repository import Repository
    from releasegate.engine.strategies import Strategy
    from releasegate.engine.version import Version

__all__ = [
    "CandidateRelease",
    "MergedPullRequest",
    "Publication",
    "ReleaseInputs",
    "build_release",
    "build_releases",
    "load_inputs",
    "publish_order",
    "untagged_releases",
]


class MergedPullRequest(Protocol):
    """A merged release PR as the engine reads it back (GitHub's answer, or any such value)."""

    @property
    def number(self) -> int:
        """The PR's number."""

    @property
    def title(self) -> str:
        """The PR's title."""

    @property
    def body(self) -> str:
        """The PR's description."""

    @property
    def head(self) -> str:
        """The PR's head branch name."""

    @property
    def merge_commit_sha(self) -> str | None:
        """The commit the merge made on the base branch."""


@dataclass(frozen=True, slots=True)
class CandidateRelease:
    """One release to make: tag, GitHub release name and notes, and the commit it marks."""

    path: str
    component: str
    version: Version
    tag: TagName
    name: str
    notes: str
    sha: str
    draft: bool
    prerelease: bool
    force_tag: bool
    pull_request: int | None  # the merged release PR (None: found without GitHub)


@dataclass(frozen=True, slots=True)
class ReleaseInputs:
    """The config, manifest versions, strategies and ``[tool.releasegate]`` of a committed tree."""

    config: ManifestConfig
    versions: dict[str, Version]
    strategies: dict[str, Strategy]
    head: str
    warnings: tuple[str, ...]
    settings: Settings = field(default_factory=Settings)


@dataclass(frozen=True, slots=True)
class Publication:
    """A release to upload: the candidate, and its package as the release commit has it.

    ``package`` is None when the package has no ``pyproject.toml`` with a ``[project]`` name;
    ``member`` names the uv workspace member to build (``uv build --package``), if it is one;
    ``buildable`` is False for a package directory with no ``pyproject.toml``, ``setup.py``
    or ``setup.cfg`` (not a Python project: nothing to upload).
    """

    candidate: CandidateRelease
    package: PythonPackage | None
    member: str | None
    buildable: bool = True


def publish_order(repo: Path, candidates: Iterable[CandidateRelease]) -> list[Publication]:
    """``candidates`` in the order their packages must reach the index.

    Each package is read at its release commit; a package comes after every other released
    package it requires (``[project]`` dependencies and optional dependencies), whether the
    repository is a uv workspace or several projects side by side; otherwise the order is
    kept. Raises ConfigError naming the cycle when released packages require each other.
    """
    found: list[Publication] = []
    for candidate in candidates:
        tree = git.Tree(repo, candidate.sha)
        path = candidate.path.strip("/") or "."
        prefix = "" if path == "." else f"{path}/"
        try:
            package = read_package(tree, path)
            members = workspace_members(tree) or []
            buildable = any(
                tree.read(f"{prefix}{name}") is not None
                for name in ("pyproject.toml", "setup.py", "setup.cfg")
            )
        finally:
            tree.close()
        member = package.display_name if package is not None and path in members else None
        found.append(Publication(candidate, package, member, buildable))
    if not found:
        return []
    first = found[0].candidate
    known = [f.package for f in found if f.package is not None]
    ordered = dependency_order(known, where=f"{pyproject_path(first.path)} at {first.tag}")
    by_package = {id(f.package): f for f in found if f.package is not None}
    return [by_package[id(p)] for p in ordered] + [f for f in found if f.package is None]


def load_inputs(
    repo: Path,
    *,
    branch: str,
    config_file: str | None,
    manifest_file: str,
    repository: Repository,
    at: str | None = None,
) -> ReleaseInputs:
    """Read config and manifest from ``branch``'s committed tree and build each strategy.

    ``at`` reads them from that commit instead (the release tag a publish job checked out).
    Raises UsageError (or ConfigError) for a missing or invalid file.
    """
    head = git.resolve_branch(repo, at or branch)
    tree = git.Tree(repo, head)
    try:
        settings, files = read_branch_files(
            tree, branch=branch, config_file=config_file, manifest_file=manifest_file, at=at
        )
        context = StrategyContext(
            tree, branch, repository, datetime.now(timezone.utc), lambda: "unused", settings
        )
        strategies = {
            p.path: build_strategy(p.path, p.config, context) for p in files.config.packages
        }
    finally:
        tree.close()
    return ReleaseInputs(files.config, files.versions, strategies, head, files.warnings, settings)


def build_release(
    strategy: Strategy, pull: MergedPullRequest, *, group_title_pattern: str | None
) -> tuple[str, TagName, str] | None:
    """The (name, tag, notes) ``pull`` releases for ``strategy``'s package, or None.

    release-please's ``BaseStrategy.buildRelease``: the title must match the package's title
    pattern (else the group pattern), the head branch must be a release branch of this package,
    and the body must name this package's version; ``skip-github-release`` skips it.
    """
    config = strategy.config
    if config.skip_github_release or not pull.merge_commit_sha:
        return None
    no_space = config.component_no_space
    scheme = strategy.context.settings.version_scheme  # 1.0.0a1 stays 1.0.0a1 under pep440
    title = parse_title(
        pull.title, config.pull_request_title_pattern, component_no_space=no_space, scheme=scheme
    )
    if title is None:
        group = group_title_pattern or MANIFEST_TITLE_PATTERN
        title = parse_title(pull.title, group, component_no_space=no_space, scheme=scheme)
    if title is None:
        return None
    branch = parse_branch_name(pull.head, scheme=scheme)
    if branch is None:
        return None
    branch_component = strategy.get_branch_component()
    if branch.is_component and (branch.component or "") != branch_component:
        return None
    body = parse_body(pull.body, scheme=scheme)
    if body is None:
        return None
    component = strategy.get_component()
    data: ReleaseData | None
    if len(body.releases) == 1 and not body.releases[0].component:
        # a standalone release PR: its branch must be this package's
        if (branch.component or "") != branch_component:
            return None
        data = body.releases[0]
    else:
        found = [r for r in body.releases if (r.component or "") == component]
        if not found and body.releases:
            return None  # the PR released other packages
        data = found[0] if found else None
    version = title.version
    if version is None or (len(body.releases) > 1 and data is not None and data.version):
        version = data.version if data is not None else None
    if version is None:
        return None
    tag_component = component if strategy.include_component_in_tag else None
    tag = TagName(version, tag_component, strategy.tag_separator, strategy.include_v_in_tag)
    prefix = "v" if config.include_v_in_release_name is not False else ""
    if component and strategy.include_component_in_tag:
        name = f"{component}: {prefix}{version}"
    else:
        name = f"{prefix}{version}"
    return name, tag, data.notes if data is not None else ""


def build_releases(
    inputs: ReleaseInputs, pulls: Iterable[MergedPullRequest]
) -> list[CandidateRelease]:
    """Every package release the merged release PRs ``pulls`` carry, PR by PR, path by path."""
    candidates: list[CandidateRelease] = []
    for pull in pulls:
        for path, strategy in inputs.strategies.items():
            built = build_release(
                strategy, pull, group_title_pattern=inputs.config.group_pull_request_title_pattern
            )
            if built is None or pull.merge_commit_sha is None:
                continue
            name, tag, notes = built
            candidates.append(
                _candidate(path, strategy, tag, name, notes, pull.merge_commit_sha, pull.number)
            )
    return candidates


def untagged_releases(
    repo: Path, inputs: ReleaseInputs, manifest_file: str
) -> list[CandidateRelease]:
    """Manifest versions whose tag does not exist, each at the commit that set that version.

    Without GitHub there is no merged PR to read; the release commit is the newest commit on the
    branch whose manifest holds the version while its parent's does not. Version ``0.0.0`` (a
    package not released yet) and ``skip-github-release`` packages are left alone. Notes are
    the version's section of the package changelog at that commit.
    """
    existing = {t.name for t in git.list_tags(repo)}
    wanted: dict[str, TagName] = {}
    for path, strategy in inputs.strategies.items():
        version = inputs.versions.get(path)
        if version is None or str(version) == "0.0.0" or strategy.config.skip_github_release:
            continue
        component = strategy.get_component()
        tag = TagName(version, component or None, strategy.tag_separator, strategy.include_v_in_tag)
        if str(tag) not in existing:
            wanted[path] = tag
    if not wanted:
        return []
    shas = _release_commits(
        repo, inputs.head, manifest_file, {p: inputs.versions[p] for p in wanted}
    )
    candidates = []
    for path, tag in wanted.items():
        strategy = inputs.strategies[path]
        component = strategy.get_component()
        prefix = "v" if strategy.config.include_v_in_release_name is not False else ""
        version = inputs.versions[path]
        name = f"{component}: {prefix}{version}" if component else f"{prefix}{version}"
        sha = shas[path]
        notes = _changelog_section(repo, sha, strategy, version)
        candidates.append(_candidate(path, strategy, tag, name, notes, sha, None))
    return candidates


def _candidate(  # noqa: PLR0917 - the parts of one candidate, in reading order
    path: str,
    strategy: Strategy,
    tag: TagName,
    name: str,
    notes: str,
    sha: str,
    pull_request: int | None,
) -> CandidateRelease:
    config = strategy.config
    version = tag.version
    return CandidateRelease(
        path=path,
        component=strategy.get_component(),
        version=version,
        tag=tag,
        name=name,
        notes=notes,
        sha=sha,
        draft=bool(config.draft),
        # release-please 17.11.2 (manifest.ts buildReleases): a prerelease needs the config
        # flag and a version that is one (a pre-release part, or a 0.x version)
        prerelease=bool(config.prerelease) and (bool(version.pre_release) or version.major == 0),
        force_tag=bool(config.force_tag_creation),
        pull_request=pull_request,
    )


def _release_commits(
    repo: Path, head: str, manifest_file: str, versions: dict[str, Version]
) -> dict[str, str]:
    """Each path's release commit: the newest whose manifest has the version, its parent's not."""
    found: dict[str, str] = {}
    previous: str | None = None  # the newer commit checked before this one
    # first parents only: with a merged release PR, the merge commit is the release commit
    for commit in git.iter_commits(repo, head, with_files=True, first_parent=True):
        if previous is not None and manifest_file not in commit.files:
            continue
        held = _manifest_at(repo, commit.sha, manifest_file)
        for path, version in versions.items():
            if path in found:
                continue
            if held.get(path) != str(version):
                found[path] = previous or commit.sha
        if len(found) == len(versions):
            return found
        previous = commit.sha
    # the versions were there from the first commit on
    for path in versions:
        found.setdefault(path, previous or head)
    return found


def _manifest_at(repo: Path, sha: str, manifest_file: str) -> dict[str, str]:
    """The manifest's raw versions at ``sha``; {} when it has none or cannot be parsed.

    Not :func:`~releasegate.engine.release_files.read_release_files`, which fails on such a file: in
    the history walk, a commit without a readable manifest holds no version, so the newer
    commit is the one that set it.
    """
    tree = git.Tree(repo, sha)
    try:
        text = tree.read(manifest_file)
    finally:
        tree.close()
    if text is None:
        return {}
    try:
        return parse_manifest(text.encode(), manifest_file)
    except UsageError:
        return {}


def _changelog_section(repo: Path, sha: str, strategy: Strategy, version: Version) -> str:
    """The CHANGELOG entry of ``version`` (its heading to the next), '' when not found."""
    if strategy.config.skip_changelog:
        return ""
    path = strategy.add_path(strategy.config.changelog_path or "CHANGELOG.md")
    tree = git.Tree(repo, sha)
    try:
        text = tree.read(path) or ""
    finally:
        tree.close()
    heading = re.compile(rf"^#{{1,3}} \[?v?{re.escape(str(version))}(?![\w.+-])", re.MULTILINE)
    match = heading.search(text)
    if match is None:
        return ""
    level = len(match[0]) - len(match[0].lstrip("#"))
    following = re.compile(rf"^#{{1,{level}}} ", re.MULTILINE).search(text, match.end())
    return text[match.start() : following.start() if following else len(text)].strip()
