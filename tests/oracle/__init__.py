"""Tooling that compares releasegate with release-please 17.11.2 (the oracle).

* :mod:`tests.oracle.repo` builds deterministic git repositories from JSON specs.
* :mod:`tests.oracle.oracle` runs the oracle and projects its output to releasegate's shape.
* :mod:`tests.oracle.compare` masks random ids and diffs two release-PR documents.
* :mod:`tests.oracle.golden` regenerates ``tests/data/golden/*/expected.json``.
* :mod:`tests.oracle.differential` runs both tools on random repositories.
"""

from __future__ import annotations
