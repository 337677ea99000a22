"""The release plan: config + manifest + git history -> the release PR(s) release-please opens.

This is release-please's ``Manifest.buildPullRequests`` followed by ``buildChangeSet``. It only
reads (git and files at the branch head); it never writes. This module holds the entry point;
the plan's types are in :mod:`releasegate.engine.plan_types` (re-exported here) and the algorithm is
in :mod:`releasegate.engine._planner`.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasegate._gc import paused as paused_gc
from releasegate.engine import git
from releasegate.engine.config import ROOT
from releasegate.engine.plan_types import (
    CommitRecord,
    CommitRecords,
    FileChange,
    PackagePlan,
    PlannedPullRequest,
    ReleasePlan,
)
from releasegate.engine.release_files import read_branch_files

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from datetime import datetime
    from pathlib import Path

    from releasegate.engine._planner import Planner
    from releasegate.engine.commit_pull_requests import CommitAssociation
    from releasegate.engine.repository import Repository

__all__ = [
    "CommitRecord",
    "CommitRecords",
    "FileChange",
    "PackagePlan",
    "PlannedPullRequest",
    "ReleasePlan",
    "plan_release",
    "pull_request_window",
]


def plan_release(
    repo: Path,
    *,
    branch: str,
    config_file: str | None,
    manifest_file: str,
    repository: Repository,
    now: datetime,
    id_factory: Callable[[], str] | None = None,
    head: str | None = None,
    pull_requests: Sequence[CommitAssociation] | None = None,
) -> ReleasePlan:
    """Compute the release PR(s) for ``branch`` of the git repository at ``repo``.

    ``config_file`` and ``manifest_file`` are paths inside the repository (no ``config_file``:
    ``release-please-config.json``, else ``.release-please-config.json``); like release-please,
    they are read from the branch's committed tree. ``head`` plans another commit as if it were
    the branch's tip (``check-pr`` plans the branch as a merge would leave it).
    ``pull_requests`` is the history from the head with each commit's associated pull requests,
    as GitHub answers it (at least :func:`pull_request_window` commits): each commit then
    carries its merged pull request as release-please online attaches it (message overrides,
    the PR's files; see :mod:`releasegate.engine.commit_pull_requests`). Raises UsageError for bad
    input.
    """
    where = _Branch(repo, branch, config_file, manifest_file, repository, now)
    with (
        _planner(where, id_factory=id_factory, head=head, pull_requests=pull_requests) as planner,
        paused_gc(),
    ):  # many small objects, no cycles: see releasegate._gc
        return planner.plan()


def pull_request_window(
    repo: Path,
    *,
    branch: str,
    config_file: str | None,
    manifest_file: str,
    repository: Repository,
    now: datetime,
) -> int:
    """How many commits from ``branch``'s head :func:`plan_release` reads with their PRs.

    The commits the plan walks (up to the last releases, or ``commit-search-depth``), in whole
    pages of ``commit-batch-size``, as release-please reads them: the associations to fetch
    before planning with ``pull_requests``. Only finds the releases and walks the history; a
    commit message that would stop the plan (and that an override may replace) does not stop
    this. Raises UsageError for a bad config or manifest.
    """
    where = _Branch(repo, branch, config_file, manifest_file, repository, now)
    with _planner(where) as planner, paused_gc():
        return planner.window()


@dataclass(frozen=True, slots=True)
class _Branch:
    """What both entry points plan from: a branch, its release files' names, the run's facts."""

    repo: Path
    branch: str
    config_file: str | None
    manifest_file: str
    repository: Repository
    now: datetime


@contextmanager
def _planner(
    where: _Branch,
    *,
    id_factory: Callable[[], str] | None = None,
    head: str | None = None,
    pull_requests: Sequence[CommitAssociation] | None = None,
) -> Iterator[Planner]:
    """A Planner over ``head``'s (default: the branch's) committed files and its history."""
    repo, branch, manifest_file = where.repo, where.branch, where.manifest_file
    head = head or git.resolve_branch(repo, branch)
    tree = git.Tree(repo, head)
    try:
        settings, files = read_branch_files(
            tree,
            branch=branch,
            config_file=where.config_file,
            manifest_file=manifest_file,
            # the work tree is this branch's only when it is checked out
            work_tree=repo if git.head_commit(repo) == head else None,
        )
        config = files.config
        # Changed paths only matter to split commits among packages or to exclude-paths.
        with_files = any(p.path != ROOT or p.config.exclude_paths for p in config.packages)
        history = git.CommitLog(
            repo, head, max_count=config.commit_search_depth, with_files=with_files
        )
        with history:
            # Imported here, not at the top: the algorithm's modules load while git walks
            # the history, so on a long history the two overlap instead of adding up.
            from releasegate.engine._planner import Planner  # noqa: PLC0415

            yield Planner(
                repo, head, tree, files, history, settings=settings, branch=branch,
                manifest_file=manifest_file, repository=where.repository, now=where.now,
                id_factory=id_factory, pull_requests=pull_requests,
            )  # fmt: skip
    finally:
        tree.close()
