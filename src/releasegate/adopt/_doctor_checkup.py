"""What ``doctor``'s checks share and produce: the :class:`Checkup` and the :class:`Report`.

Each check of :data:`releasegate.adopt.doctor.CHECKS` is a :data:`Check`: it reads what an
earlier check put in the :class:`Checkup` (the branch, the release files, the plan) and adds
:class:`Finding` lines to the :class:`Report`. They live apart from :mod:`releasegate.adopt.doctor`,
which runs the checks, so the checks' modules import them without importing it back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from releasegate.adopt.workflows import WorkflowSet
    from releasegate.engine import git
    from releasegate.engine.plan import PackagePlan, ReleasePlan
    from releasegate.engine.release_files import ReleaseFiles
    from releasegate.engine.settings import Settings
    from releasegate.engine.strategies import Strategy

__all__ = ["Check", "Checkup", "Finding", "Level", "Report"]

Level = Literal["ok", "warning", "problem", "skipped"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of the report: which check, how bad, what to do (``<what>; <fix>``), and why.

    ``code`` names the finding (``missing-tag``, ``upload-trusted`` …) and stays stable while
    the wording changes; ``details`` holds its facts (paths, versions, counts) as JSON values.
    """

    check: str
    level: Level
    message: str
    code: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The finding as a JSON object."""
        return {
            "check": self.check,
            "level": self.level,
            "code": self.code or self.check,
            "message": self.message,
            "details": dict(self.details),
        }


@dataclass(slots=True)
class Report:
    """The findings of one checkup, in the order the checks ran."""

    findings: list[Finding] = field(default_factory=list)

    def add(
        self,
        check: str,
        level: Level,
        message: str,
        *,
        code: str = "",
        details: Mapping[str, Any] | None = None,
    ) -> None:
        """Record one finding."""
        self.findings.append(Finding(check, level, message, code, dict(details or {})))

    @property
    def blocked(self) -> bool:
        """Whether anything would stop a release."""
        return any(f.level == "problem" for f in self.findings)

    def said(self, message: str) -> bool:
        """Whether a finding already says ``message`` (the plan repeats the config's warnings)."""
        return any(f.message == message for f in self.findings)


@dataclass(slots=True)
class Checkup:
    """What the checks share: the repository, the target branch and what was read from it.

    Filled in by the checks in :data:`CHECKS` order: ``check_branch`` sets ``branch`` and
    ``tip``; ``check_release_files`` the files, settings and strategies (from the branch's
    committed tree; ``from_work_tree`` when only the work tree has them); ``check_tags`` the
    packages whose tag is off the branch and the tags of merged, untagged releases;
    ``check_plan`` the plan.
    """

    root: Path
    requested_branch: str | None = None
    build: bool = False
    index_url: str | None = None
    branch: str | None = None
    tip: str | None = None
    head: str | None = None
    tree: git.Tree | None = None
    from_work_tree: bool = False
    files: ReleaseFiles | None = None
    settings: Settings | None = None
    strategies: dict[str, Strategy] = field(default_factory=dict)
    off_branch: set[str] = field(default_factory=set)
    untagged: dict[str, str] = field(default_factory=dict)  # path -> tag of a merged release
    plan: ReleasePlan | None = None
    workflows: WorkflowSet | None = None

    @property
    def source(self) -> str:
        """Which copy of the release files was read, for messages."""
        if self.from_work_tree:
            return "the work tree"
        return f"branch {self.branch!r} at {(self.tip or '')[:7]}"

    @property
    def on_branch_checkout(self) -> bool:
        """Whether the work tree is a checkout of the branch's tip (its files can be compared)."""
        return self.tip is not None and self.head == self.tip

    def package_plan(self, path: str) -> PackagePlan | None:
        """The plan's decision for the package at ``path``, if the plan was made."""
        if self.plan is None:
            return None
        return next((p for p in self.plan.packages if p.path == path), None)


Check = Callable[[Checkup, Report], None]
