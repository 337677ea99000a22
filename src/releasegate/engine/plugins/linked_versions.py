"""Give a group of components one version (release-please's ``LinkedVersions`` plugin)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from releasegate.engine import pull_request
from releasegate.engine.commits import Commit, parse_conventional_commits
from releasegate.engine.config import LinkedVersionsConfig
from releasegate.engine.plugins import ManifestPlugin, Preconfigured
from releasegate.engine.plugins.merge import merge_candidates
from releasegate.engine.strategies import build_strategy

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from releasegate.engine.commits import ConventionalCommit
    from releasegate.engine.config import AnyPluginConfig, PackageConfig
    from releasegate.engine.plugins import Candidate, PluginContext
    from releasegate.engine.strategies import Release, Strategy, StrategyContext
    from releasegate.engine.version import Version

__all__ = ["LinkedVersions"]


class LinkedVersions(ManifestPlugin):
    """Force every group member to the group's highest next version; merge their PRs.

    ``preconfigure`` rebuilds the members' strategies with ``release-as`` set to the group's
    version, and gives a member with nothing to release a synthetic
    ``chore(<component>): Synchronize <group> versions`` commit so that it is released too;
    ``run`` merges the group's PRs into one ``release <group> libraries`` PR (unless ``merge``
    is false).
    """

    def __init__(
        self,
        group_name: str,
        components: Sequence[str],
        *,
        merge: bool,
        context: StrategyContext,
        packages: Mapping[str, PackageConfig],
    ) -> None:
        self.group_name = group_name
        self.components = frozenset(components)
        self.merge = merge
        self.context = context
        self.packages = packages

    @classmethod
    def from_config(cls, config: AnyPluginConfig, context: PluginContext) -> LinkedVersions:
        """Build the plugin from its ``plugins`` entry."""
        if not isinstance(config, LinkedVersionsConfig):  # pragma: no cover - registry bug
            raise TypeError(config)
        return cls(
            config.group_name,
            config.components,
            merge=config.merge,
            context=context.strategy_context,
            packages=context.packages,
        )

    def preconfigure(
        self,
        strategies: Mapping[str, Strategy],
        commits_by_path: Mapping[str, Sequence[ConventionalCommit]],
        releases: Mapping[str, Release],
    ) -> Preconfigured:
        """Return the strategies with the group forced to one version, and the commits."""
        group = {
            p: s
            for p, s in strategies.items()
            if s.get_component() and s.get_component() in self.components
        }
        versions: dict[str, Version] = {}
        for path, strategy in group.items():
            version = strategy.next_version(commits_by_path[path], releases.get(path))
            if version is not None:
                versions[path] = version
        if not versions:
            return Preconfigured(strategies, commits_by_path)
        values = list(versions.values())
        primary = values[0]
        for version in values:
            primary = primary if primary.compare(version) > 0 else version
        new_strategies: dict[str, Strategy] = {}
        new_commits = dict(commits_by_path)
        for path, strategy in strategies.items():
            if path not in group:
                new_strategies[path] = strategy
                continue
            config = self.packages[path].config
            new_strategies[path] = build_strategy(
                path, config, self.context, release_as=str(primary)
            )
            if path not in versions:
                message = (
                    f"chore({strategy.get_component()}): Synchronize {self.group_name} versions"
                    f"\n\nRelease-As: {primary}"
                )
                synthetic = parse_conventional_commits([Commit(sha="", message=message)])
                new_commits[path] = [*commits_by_path[path], *synthetic]
        return Preconfigured(new_strategies, new_commits)

    def run(self, candidates: Sequence[Candidate]) -> list[Candidate]:
        """Merge the group's release PRs into one ``release <group> libraries`` PR."""
        if not self.merge:
            return list(candidates)
        in_scope: list[Candidate] = []
        out_of_scope: list[Candidate] = []
        for candidate in candidates:
            linked = (
                candidate.pull_request.version is not None
                and (candidate.config.component or "") in self.components
            )
            (in_scope if linked else out_of_scope).append(candidate)
        if in_scope:
            target = self.context.target_branch
            out_of_scope += merge_candidates(
                in_scope,
                target,
                title_pattern=f"chore${{scope}}: release {self.group_name} libraries",
                force=True,
                head_branch=pull_request.group_branch_name(self.group_name, target),
            )
        return out_of_scope
