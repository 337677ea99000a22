"""The release plan's values: what :func:`releasegate.engine.plan.plan_release` returns.

They live apart from :mod:`releasegate.engine.plan` so that the planner
(:mod:`releasegate.engine._planner`), which builds them, and the entry point, which loads the
planner late, import in one direction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    from collections.abc import Callable

    from releasegate.engine.api_check import ApiOutcome
    from releasegate.engine.commits import Commit
    from releasegate.engine.release_search import ReleaseSearch

__all__ = [
    "CommitRecord",
    "CommitRecords",
    "FileChange",
    "PackagePlan",
    "PlannedPullRequest",
    "ReleasePlan",
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
    (newest first) and ``unparsed`` those that are not conventional commits. ``decisive`` is
    the header of the commit that sets the bump (the newest breaking one, else feature, else
    fix, else the newest); ``api_check`` what ``[tool.releasegate] api-check`` found, if on.
    ``excluded`` counts the commits since the release left out by ``exclude-paths``;
    ``truncated`` is True when ``commit-search-depth`` ended the history before the package's
    release was reached.
    """

    path: str
    component: str
    current_version: str | None
    next_version: str | None
    latest_tag: str | None
    commits: int
    reason: str
    considered: Sequence[CommitRecord] = ()
    decisive: str | None = None
    api_check: ApiOutcome | None = None
    excluded: int = 0
    truncated: bool = False

    @property
    def unparsed(self) -> tuple[CommitRecord, ...]:
        """The commits read for the package that did not parse as conventional commits."""
        return tuple(c for c in self.considered if not c.parsed)


@dataclass(frozen=True, slots=True)
class ReleasePlan:
    """Every release PR of a run, with per-package decisions, warnings and the release search.

    ``release_search`` records why each tag was or was not taken as a release and how each
    package's release was found (see :mod:`releasegate.engine.release_search`). ``history_window``
    is how many commits from the head release-please reads with their pull requests (the commits
    the plan read, in whole pages of ``commit-batch-size``).
    """

    pull_requests: tuple[PlannedPullRequest, ...]
    packages: tuple[PackagePlan, ...]
    warnings: tuple[str, ...] = field(default=())
    release_search: ReleaseSearch | None = None
    history_window: int = 0
