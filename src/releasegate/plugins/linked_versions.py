"""Give a group of components one version (release-please's ``LinkedVersions`` plugin)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from releasegate import pull_request
from releasegate.commits import Commit, parse_conventional_commits
from releasegate.plugins.merge import merge_candidates
from releasegate.strategies import build_strategy

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from releasegate.config import LinkedVersionsConfig, PackageConfig
    from releasegate.plugins.merge import Candidate
    from releasegate.strategies import Release, Strategy, StrategyContext
    from releasegate.version import Version

__all__ = ["link_versions", "merge_linked"]


def link_versions(
    plugin: LinkedVersionsConfig,
    *,
    strategies: Mapping[str, Strategy],
    commits_by_path: dict[str, list[Commit]],
    releases: Mapping[str, Release],
    context: StrategyContext,
    packages: Mapping[str, PackageConfig],
) -> dict[str, Strategy]:
    """Force every group member to the group's highest next version.

    Members with no release of their own get a synthetic "Synchronize <group> versions" commit
    (appended to ``commits_by_path``) so that they are released too.
    """
    components = set(plugin.components)
    group = {
        p: s for p, s in strategies.items() if s.get_component() and s.get_component() in components
    }
    versions: dict[str, Version] = {}
    missing: set[str] = set()
    for path, strategy in group.items():
        commits = parse_conventional_commits(commits_by_path[path])
        pr = strategy.build_release_pull_request(commits, releases.get(path), draft=None)
        if pr is not None and pr.version is not None:
            versions[path] = pr.version
        else:
            missing.add(path)
    if not versions:
        return dict(strategies)
    values = list(versions.values())
    primary = values[0]
    for version in values:
        primary = primary if primary.compare(version) > 0 else version
    result: dict[str, Strategy] = {}
    for path, strategy in strategies.items():
        if path not in group:
            result[path] = strategy
            continue
        component = strategy.get_component()
        result[path] = build_strategy(path, packages[path].config, context, release_as=str(primary))
        if path in missing:
            message = (
                f"chore({component}): Synchronize {plugin.group_name} versions\n\n"
                f"Release-As: {primary}"
            )
            commits_by_path[path].append(Commit(sha="", message=message))
    return result


def merge_linked(
    plugin: LinkedVersionsConfig, candidates: Sequence[Candidate], target_branch: str
) -> list[Candidate]:
    """Merge the group's release PRs into one ``release <group> libraries`` PR."""
    if not plugin.merge:
        return list(candidates)
    components = set(plugin.components)
    in_scope: list[Candidate] = []
    out_of_scope: list[Candidate] = []
    for candidate in candidates:
        linked = (
            candidate.pull_request.version is not None
            and (candidate.config.component or "") in components
        )
        (in_scope if linked else out_of_scope).append(candidate)
    if in_scope:
        out_of_scope += merge_candidates(
            in_scope,
            target_branch,
            title_pattern=f"chore${{scope}}: release {plugin.group_name} libraries",
            force=True,
            head_branch=pull_request.group_branch_name(plugin.group_name, target_branch),
        )
    return out_of_scope
