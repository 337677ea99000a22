"""Keep only the highest-priority group of release PRs (release-please's ``GroupPriority``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from releasegate.engine.config import GroupPriorityConfig
from releasegate.engine.plugins import ManifestPlugin

if TYPE_CHECKING:
    from collections.abc import Sequence

    from releasegate.engine.config import AnyPluginConfig
    from releasegate.engine.plugins import Candidate, PluginContext

__all__ = ["GroupPriority"]


class GroupPriority(ManifestPlugin):
    """Return the candidates of the first listed group that has any, else all of them.

    The python and simple strategies put no PR in a group, so for them this keeps every PR,
    exactly as release-please does.
    """

    def __init__(self, groups: Sequence[str]) -> None:
        self.groups = tuple(groups)

    @classmethod
    def from_config(cls, config: AnyPluginConfig, context: PluginContext) -> GroupPriority:
        """Build the plugin from its ``plugins`` entry."""
        del context
        if not isinstance(config, GroupPriorityConfig):  # pragma: no cover - registry bug
            raise TypeError(config)
        return cls(config.groups)

    def run(self, candidates: Sequence[Candidate]) -> list[Candidate]:
        """Keep the first listed group's candidates, or all when no group has any."""
        by_group: dict[str | None, list[Candidate]] = {}
        for candidate in candidates:
            by_group.setdefault(candidate.pull_request.group, []).append(candidate)
        for group in self.groups:
            if group in by_group:
                return by_group[group]
        return list(candidates)
