"""Keep only the highest-priority group of release PRs (release-please's ``GroupPriority``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from releasegate.config import GroupPriorityConfig
    from releasegate.plugins.merge import Candidate

__all__ = ["group_priority"]


def group_priority(plugin: GroupPriorityConfig, candidates: Sequence[Candidate]) -> list[Candidate]:
    """Return the candidates of the first listed group that has any, else all of them.

    The python and simple strategies put no PR in a group, so for them this keeps every PR,
    exactly as release-please does.
    """
    by_group: dict[str | None, list[Candidate]] = {}
    for candidate in candidates:
        by_group.setdefault(candidate.pull_request.group, []).append(candidate)
    for group in plugin.groups:
        if group in by_group:
            return by_group[group]
    return list(candidates)
