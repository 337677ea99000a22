"""The plain version-file updater (release-please's ``DefaultUpdater``, ``updaters/default.ts``)."""

from __future__ import annotations

from dataclasses import dataclass

from releasegate.engine.updaters import UpdateOptions

__all__ = ["DefaultUpdater"]


@dataclass(frozen=True, slots=True)
class DefaultUpdater(UpdateOptions):
    r"""Write the version and a newline as the whole file (the simple strategy's ``version.txt``).

    Mirrors release-please's ``DefaultUpdater``; the other version updaters extend it.

    >>> from releasegate.engine.version import Version
    >>> DefaultUpdater(Version(1, 2, 3)).update_content("0.9.0\n")
    '1.2.3\n'
    """

    def update_content(self, content: str | None) -> str:  # noqa: ARG002 - the old text is unused
        r"""Return ``"<version>\n"`` whatever the file held."""
        return f"{self.version}\n"
