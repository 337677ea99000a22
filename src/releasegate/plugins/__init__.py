"""Manifest plugins: post-processing release-please applies across packages or commits.

Each plugin is a module named after release-please's ``src/plugins/<name>.ts``
(``sentence_case`` for ``sentence-case``).
"""

from __future__ import annotations

__all__: list[str] = []
