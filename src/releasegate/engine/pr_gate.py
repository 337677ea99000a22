"""The pull-request gate: which texts land on the base branch, and whether each is conventional.

What a merge lands depends on how the pull request is merged:

* a **squash merge** lands one commit whose message GitHub proposes: the PR title, except that
  a PR of one commit gets that commit's message unless the repository's
  ``squash_merge_commit_title`` is ``PR_TITLE``;
* a **merge commit** or a **rebase merge** lands every commit of the PR (merge commits inside
  the PR aside: release-please skips them, as it skips GitHub's own merge commit).

The methods that count are the ones the repository allows (``allow_squash_merge``,
``allow_merge_commit``, ``allow_rebase_merge``), read from the ``pull_request`` event's
``base.repo`` or from the API; ``--merge-method`` overrides them; when nothing says, every
method counts (GitHub's default allows all three). Each text is checked with the engine's own
parser (:func:`releasegate.engine.commits.parse_conventional_commits`) and the project's types (the
config's ``changelog-sections``, else the release-type's), so the gate and the release PR can
never disagree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from releasegate.engine.changelog_notes import DEFAULT_CHANGELOG_SECTIONS
from releasegate.engine.commits import Commit, parse_conventional_commits
from releasegate.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from pathlib import Path

    from releasegate.engine.commits import ConventionalCommit
    from releasegate.engine.strategies import Strategy

__all__ = [
    "METHODS",
    "MergeMethod",
    "MergeMethods",
    "PullRequestEvent",
    "TextCheck",
    "check_text",
    "known_types",
    "merge_methods_from",
    "read_event",
    "texts_landing",
]

MergeMethod = Literal["squash", "merge", "rebase"]
METHODS: tuple[MergeMethod, ...] = ("squash", "merge", "rebase")
_ALLOW = {"squash": "allow_squash_merge", "merge": "allow_merge_commit",
          "rebase": "allow_rebase_merge"}  # fmt: skip
FORMAT = "<type>[scope][!]: <subject>"


@dataclass(frozen=True, slots=True)
class PullRequestEvent:
    """The parts of a ``pull_request`` event's payload the gate reads."""

    number: int
    title: str
    base_ref: str
    head_sha: str | None
    head_label: str
    repository: Mapping[str, Any]  # ``pull_request.base.repo``: merge settings among its fields


@dataclass(frozen=True, slots=True)
class MergeMethods:
    """The merge methods that may land the PR, and where that was read (``source``).

    ``squash_title`` is the repository's ``squash_merge_commit_title`` (``PR_TITLE`` or
    ``COMMIT_OR_PR_TITLE``), None when unknown (GitHub's default: ``COMMIT_OR_PR_TITLE``).
    """

    methods: tuple[MergeMethod, ...]
    source: str
    squash_title: str | None = None

    @property
    def title_counts(self) -> bool:
        """Whether a squash merge, which lands the title, is possible."""
        return "squash" in self.methods

    @property
    def commits_count(self) -> bool:
        """Whether a merge commit or a rebase, which land every commit, is possible."""
        return "merge" in self.methods or "rebase" in self.methods


@dataclass(frozen=True, slots=True)
class TextCheck:
    """One text that would land: ``what`` (``title`` or ``commit``), its sha, first line, verdict.

    ``problem`` is None for a conventional commit of a known type; ``conventional`` holds what
    the parser made of it.
    """

    what: str
    sha: str | None
    text: str
    problem: str | None
    conventional: tuple[ConventionalCommit, ...] = ()

    @property
    def label(self) -> str:
        """``PR title 'x'`` or ``commit 1a2b3c4 'x'``."""
        if self.what == "title":
            return f"PR title {self.text!r}"
        return f"commit {(self.sha or '')[:7]} {self.text!r}"


def read_event(path: Path | None) -> PullRequestEvent | None:
    """The pull request of the event payload at ``path`` (``$GITHUB_EVENT_PATH``), if any.

    None when there is no file or the event is not about a pull request (a push); a file that
    is not JSON is a UsageError.
    """
    if path is None or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(
            f"{path}: the event payload is not readable JSON ({exc}); check GITHUB_EVENT_PATH"
        ) from None
    pull = data.get("pull_request") if isinstance(data, dict) else None
    if not isinstance(pull, dict):
        return None
    base = _object(pull.get("base"))
    head = _object(pull.get("head"))
    repo = _object(base.get("repo"))
    try:
        number = int(pull["number"])
    except (KeyError, TypeError, ValueError):
        raise UsageError(
            f"{path}: pull_request.number is missing; check GITHUB_EVENT_PATH"
        ) from None
    return PullRequestEvent(
        number=number,
        title=str(pull.get("title") or ""),
        base_ref=str(base.get("ref") or ""),
        head_sha=str(head["sha"]) if head.get("sha") else None,
        head_label=str(head.get("label") or head.get("ref") or ""),
        repository=repo,
    )


def _object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def merge_methods_from(repository: Mapping[str, Any], source: str) -> MergeMethods | None:
    """The allowed methods of a GitHub repository object; None when it does not say.

    >>> merge_methods_from({"allow_squash_merge": True, "allow_merge_commit": False,
    ...                     "allow_rebase_merge": False}, "event").methods
    ('squash',)
    """
    flags = {method: repository.get(key) for method, key in _ALLOW.items()}
    if not all(isinstance(flag, bool) for flag in flags.values()):
        return None
    methods = tuple(m for m in METHODS if flags[m])
    if not methods:
        return None
    title = repository.get("squash_merge_commit_title")
    if not isinstance(title, str) and repository.get("use_squash_pr_title_as_default") is True:
        title = "PR_TITLE"  # the older form of the same setting
    return MergeMethods(methods, source, title if isinstance(title, str) else None)


def texts_landing(
    title: str | None, commits: Sequence[Commit], methods: MergeMethods
) -> list[tuple[str, str | None, str]]:
    """The texts a merge may land, as ``(what, sha, message)``, title first, then oldest first.

    ``commits`` are the PR's own commits, newest first, merge commits left out.
    """
    texts: list[tuple[str, str | None, str]] = []
    if methods.title_counts and title is not None:
        texts.append(("title", None, title))
    proposes_commit = len(commits) == 1 and methods.squash_title != "PR_TITLE"
    if methods.commits_count or (methods.title_counts and proposes_commit):
        texts += [("commit", c.sha, c.message) for c in reversed(commits)]
    return texts


def known_types(strategies: Iterable[Strategy]) -> tuple[str, ...]:
    """The commit types of the project's changelog sections, in order, without repeats."""
    types: list[str] = []
    for strategy in strategies:
        sections = strategy.changelog_sections
        for section in DEFAULT_CHANGELOG_SECTIONS if sections is None else sections:
            if section.type not in types:
                types.append(section.type)
    return tuple(types)


def check_text(what: str, sha: str | None, message: str, types: Sequence[str]) -> TextCheck:
    """Parse ``message`` as release-please does; say what is wrong and how to fix it, if any.

    >>> check_text("title", None, "update stuff", ("feat", "fix")).problem
    "not a conventional commit; write '<type>[scope][!]: <subject>' with a type of feat, fix"
    >>> check_text("title", None, "feat(api): add x", ("feat", "fix")).problem is None
    True
    """
    first = message.strip().split("\n", 1)[0]
    parsed = tuple(parse_conventional_commits([Commit(sha or "", message)]))
    listed = ", ".join(types)
    if not parsed:
        problem = f"not a conventional commit; write '{FORMAT}' with a type of {listed}"
        return TextCheck(what, sha, first, problem)
    # The header's type: footers such as "Signed-off-by: x" or "Release-As: 2.0.0" parse as
    # commits of their own (release-please does so too) and are no type anyone chose.
    header = parse_conventional_commits([Commit(sha or "", first)])
    kind = header[0].type if header else parsed[-1].type
    if kind not in types:
        fix = (
            f"write it in lower case, {kind.lower()!r}"
            if kind.lower() in types
            else f"use one of {listed}"
        )
        problem = f"type {kind!r} is not one of the project's commit types; {fix}"
        return TextCheck(what, sha, first, problem, parsed)
    return TextCheck(what, sha, first, None, parsed)
