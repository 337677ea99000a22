"""Release strategies: which version, notes and file updates a release-type produces.

The registry maps a config ``release-type`` to its strategy class, as release-please's
``factory.ts`` does; releasegate supports ``python`` and ``simple``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from releasegate.engine.strategies.base import (
    Release,
    ReleasePullRequest,
    Strategy,
    StrategyContext,
    Update,
)
from releasegate.engine.strategies.python import Python
from releasegate.engine.strategies.simple import Simple
from releasegate.errors import UsageError

if TYPE_CHECKING:
    from releasegate.engine.config import ReleaserConfig

__all__ = [
    "STRATEGIES",
    "Release",
    "ReleasePullRequest",
    "Strategy",
    "StrategyContext",
    "Update",
    "build_strategy",
]

STRATEGIES: dict[str, type[Strategy]] = {"python": Python, "simple": Simple}


def build_strategy(
    path: str, config: ReleaserConfig, context: StrategyContext, *, release_as: str | None = None
) -> Strategy:
    """Return the strategy for a package; raise UsageError for an unsupported release-type."""
    release_type = config.release_type or ""
    cls = STRATEGIES.get(release_type)
    if cls is None:
        supported = " and ".join(sorted(STRATEGIES))
        raise UsageError(
            f"packages[{path!r}]: unsupported release-type {release_type!r}; "
            f"releasegate supports {supported}"
        )
    return cls(path, config, context, release_as=release_as)
