"""Service-pack versioning: the version stays, the ``sp.N`` prerelease counts up.

Mirrors release-please's ``src/versioning-strategies/service-pack.ts``: commits and
``Release-As`` notes are ignored. ``1.2.3`` becomes ``1.2.3-sp.1``, then ``1.2.3-sp.2``. The
first ``sp.<digits>`` anywhere in the prerelease is counted up and replaces the whole suffix
(``rc.sp.4`` → ``sp.5``, ``sp.09`` → ``sp.10``); a suffix without one becomes ``sp.1``. The
build part is kept. release-please counts with JavaScript's ``Number`` (exact up to 15 digits);
releasegate counts exactly.

Note that semver orders ``1.2.3-sp.1`` *before* ``1.2.3``: this strategy is the one that moves
"down" by design.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasegate.engine.version import Version
from releasegate.engine.versioning_strategies.default import DefaultVersioningStrategy
from releasegate.engine.versioning_strategies.prerelease import increment_digits

if TYPE_CHECKING:
    from collections.abc import Sequence

    from releasegate.engine.commits import ConventionalCommit

__all__ = ["ServicePackVersionUpdate", "ServicePackVersioningStrategy"]

_SERVICE_PACK = re.compile(r"sp\.([0-9]+)")


@dataclass(frozen=True, slots=True)
class ServicePackVersionUpdate:
    """Go to the next service pack of the same version.

    >>> str(ServicePackVersionUpdate().bump(Version(1, 2, 3, "sp.9")))
    '1.2.3-sp.10'
    """

    def bump(self, version: Version) -> Version:
        """Return the version with its ``sp.N`` suffix counted up (``sp.1`` if none)."""
        match = _SERVICE_PACK.search(version.pre_release or "")
        number = increment_digits(match[1]).lstrip("0") if match else "1"
        return Version(version.major, version.minor, version.patch, f"sp.{number}", version.build)


@dataclass(frozen=True, slots=True)
class ServicePackVersioningStrategy(DefaultVersioningStrategy):
    """Always the next service pack."""

    def determine_release_type(
        self,
        version: Version,  # noqa: ARG002 - the base class's signature
        commits: Sequence[ConventionalCommit],  # noqa: ARG002 - the base class's signature
    ) -> ServicePackVersionUpdate:
        """Return a service-pack update."""
        return ServicePackVersionUpdate()
