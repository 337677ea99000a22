"""Chaining updaters on one file (release-please's ``CompositeUpdater``, ``composite.ts``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from releasegate.engine.updaters import Updater

__all__ = ["CompositeUpdater"]


class CompositeUpdater:
    """Apply several updaters in order to one file, as release-please's ``CompositeUpdater``.

    release-please uses it for extra files named without a type (``GenericJson('$.version')``
    then ``Generic`` for a ``.json`` file) and when two updates target the same path.
    """

    __slots__ = ("updaters",)

    def __init__(self, *updaters: Updater) -> None:
        self.updaters: tuple[Updater, ...] = updaters

    def update_content(self, content: str | None) -> str:
        """Feed ``content`` through every updater; an empty result becomes ``''``."""
        for updater in self.updaters:
            content = updater.update_content(content)
        return content or ""
