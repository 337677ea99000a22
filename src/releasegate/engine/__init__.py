"""The release engine: everything that works out a release, and only reads.

What a release is computed from: the config, the manifest and ``[tool.releasegate]``
(``config``, ``manifest``, ``settings``, read together from a commit by ``release_files``),
the history (``git`` reads tags, commits and trees, and is the one git runner), commits and
their grammar (``commits``, ``commit_split``, ``commit_pull_requests``), versions and tags
(``version``, ``tag_name``, ``release_search``). What it computes: the plan (``plan``, its
values in ``plan_types``, its algorithm in ``_planner``) and the release PR (``pull_request``),
from the families that mirror release-please's ``src/`` file for file: ``strategies/``,
``versioning_strategies/``, ``updaters/``, ``changelog_notes/`` and ``plugins/``. And the
other commands' questions: which releases a merged release PR asks for (``releases``), a
merged release not tagged yet (``merged_release``), the pull-request gate (``pr_gate``),
public API breaks (``api_check``), the packages and their publish order (``package_graph``).

Nothing here writes a file, a git ref or to the network. It imports only itself and the base
modules (``errors``, ``_proc``, ``_redact``, ``_gc``): never :mod:`releasegate.forge`,
:mod:`releasegate.chain`, :mod:`releasegate.adopt` or :mod:`releasegate.commands`, as the
import contract in ``pyproject.toml`` checks (``lint-imports``, in ``nox -s lint``).
"""

from __future__ import annotations

__all__: list[str] = []
