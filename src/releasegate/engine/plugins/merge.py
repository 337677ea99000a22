"""Combine release PR candidates into one PR (release-please's ``Merge`` plugin)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from releasegate.engine import pull_request
from releasegate.engine.config import ROOT, ReleaserConfig
from releasegate.engine.plugins import Candidate, ManifestPlugin
from releasegate.engine.strategies.base import ReleasePullRequest, merge_updates

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from releasegate.engine.config import PackageConfig

__all__ = ["Merge", "merge_candidates"]


class Merge(ManifestPlugin):
    """Merge every candidate into one PR, except packages set to ``separate-pull-requests``.

    release-please's ``Manifest`` adds it after the configured plugins unless the top-level
    ``separate-pull-requests`` is set; :func:`releasegate.engine.plugins.build_plugins` does the
    same.
    """

    def __init__(
        self,
        target_branch: str,
        packages: Mapping[str, PackageConfig],
        *,
        title_pattern: str | None = None,
    ) -> None:
        self.target_branch = target_branch
        self.packages = packages
        self.title_pattern = title_pattern

    def run(self, candidates: Sequence[Candidate]) -> list[Candidate]:
        """Return the merged PR followed by the candidates kept separate."""
        return merge_candidates(
            candidates, self.target_branch, self.packages, title_pattern=self.title_pattern
        )


def merge_candidates(
    candidates: Sequence[Candidate],
    target_branch: str,
    packages: Mapping[str, PackageConfig] | None = None,
    *,
    title_pattern: str | None = None,
    force: bool = False,
    head_branch: str | None = None,
) -> list[Candidate]:
    """Merge every candidate not configured for a separate PR into one combined PR.

    The combined PR's header, footer and ``component-no-space`` come from the first package in
    config order, whether or not it sets them (``packages``; none for a forced group merge).
    """
    if not candidates:
        return list(candidates)
    first = next(iter(packages.values())).config if packages else None
    in_scope: list[Candidate] = []
    out_of_scope: list[Candidate] = []
    for candidate in candidates:
        separate = candidate.config.separate_pull_requests and not force
        (out_of_scope if separate else in_scope).append(candidate)
    root = next((c for c in in_scope if c.path == ROOT), None)
    labels: dict[str, None] = {}
    for candidate in in_scope:
        labels.update(dict.fromkeys(candidate.pull_request.labels))
    component_no_space = first.component_no_space if first else None
    merged = ReleasePullRequest(
        title_component=root.pull_request.title_component if root else None,
        title_version=root.pull_request.title_version if root else None,
        title=pull_request.render_title(
            title_pattern or pull_request.MANIFEST_TITLE_PATTERN,
            component=root.pull_request.title_component if root else None,
            target_branch=target_branch,
            version=root.pull_request.title_version if root else None,
            component_no_space=component_no_space,
        ),
        releases=[r for c in in_scope for r in c.pull_request.releases],
        header=first.pull_request_header if first else None,
        footer=first.pull_request_footer if first else None,
        use_components=True,
        updates=merge_updates([u for c in in_scope for u in c.pull_request.updates]),
        labels=list(labels),
        head_branch=head_branch or pull_request.branch_name(target_branch),
        version=None,
        draft=all(c.pull_request.draft for c in candidates),
    )
    release_types = {c.config.release_type for c in candidates}
    release_type = release_types.pop() if len(release_types) == 1 else "simple"
    return [Candidate(ROOT, ReleaserConfig(release_type=release_type), merged), *out_of_scope]
