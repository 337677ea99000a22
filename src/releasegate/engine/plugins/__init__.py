"""Manifest plugins: the phases release-please runs across packages, and their registry.

A plugin is a :class:`ManifestPlugin` (release-please's ``src/plugin.ts``) with three phases,
which the planner runs in this order, each over every plugin in config order:

1. ``preconfigure(strategies, commits_by_path, releases)``: replace strategies before any
   release PR is built (``linked-versions`` forces one version on its group);
2. ``process_commits(commits)``: rewrite one package's conventional commits
   (``sentence-case``);
3. ``run(candidates)``: combine or drop the candidate release PRs (``linked-versions``,
   ``group-priority``, and ``merge``, which the registry appends unless
   ``separate-pull-requests`` is set, as release-please's ``Manifest`` does).

Phases return new values and never change their inputs. Each plugin is a module named after
release-please's ``src/plugins/<name>.ts``; :func:`build_plugins` makes them from the config,
as release-please's ``factories/plugin-factory.ts`` does. release-please's workspace plugins
(``node-workspace`` ...) have no counterpart here: the config reader warns about them and the
registry skips them. Python's, ``uv-workspace``, is switched on in ``[tool.releasegate]``
(``plugins``), so the release-please config stays release-please's; it runs first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from releasegate.engine.commits import ConventionalCommit
    from releasegate.engine.config import (
        AnyPluginConfig,
        ManifestConfig,
        PackageConfig,
        ReleaserConfig,
    )
    from releasegate.engine.strategies import Release, ReleasePullRequest, Strategy, StrategyContext

__all__ = [
    "ENGINE_PLUGINS",
    "PLUGINS",
    "Candidate",
    "ManifestPlugin",
    "PluginContext",
    "Preconfigured",
    "build_plugins",
]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A release PR candidate with the package path and options it came from."""

    path: str
    config: ReleaserConfig
    pull_request: ReleasePullRequest


@dataclass(frozen=True, slots=True)
class Preconfigured:
    """What ``preconfigure`` returns: the strategies and conventional commits to plan with."""

    strategies: Mapping[str, Strategy]
    commits_by_path: Mapping[str, Sequence[ConventionalCommit]]


@dataclass(frozen=True, slots=True)
class PluginContext:
    """What a plugin may need besides its own options: the run's strategy context and packages.

    ``manifest_file`` is the versions manifest a plugin's new release PRs update.
    """

    strategy_context: StrategyContext
    packages: Mapping[str, PackageConfig]
    config: ManifestConfig
    manifest_file: str = ".release-please-manifest.json"

    @property
    def target_branch(self) -> str:
        """The branch the release PRs target."""
        return self.strategy_context.target_branch


class ManifestPlugin(Protocol):
    """A manifest plugin's three phases; each default passes its input through unchanged.

    Subclass it explicitly to inherit the defaults, as release-please's plugins extend
    ``ManifestPlugin``.
    """

    def preconfigure(
        self,
        strategies: Mapping[str, Strategy],
        commits_by_path: Mapping[str, Sequence[ConventionalCommit]],
        releases: Mapping[str, Release],
    ) -> Preconfigured:
        """Return the strategies and commits to build release PRs with (by package path)."""
        del releases
        return Preconfigured(strategies, commits_by_path)

    def process_commits(self, commits: Sequence[ConventionalCommit]) -> list[ConventionalCommit]:
        """Return one package's commits as its release notes should see them."""
        return list(commits)

    def run(self, candidates: Sequence[Candidate]) -> list[Candidate]:
        """Return the release PR candidates to open."""
        return list(candidates)


# The plugins implement the interface above, so they are imported after it.
from releasegate.engine.plugins.group_priority import GroupPriority  # noqa: E402
from releasegate.engine.plugins.linked_versions import LinkedVersions  # noqa: E402
from releasegate.engine.plugins.merge import Merge  # noqa: E402
from releasegate.engine.plugins.sentence_case import SentenceCase  # noqa: E402
from releasegate.engine.plugins.uv_workspace import UvWorkspace  # noqa: E402

#: Config ``type`` -> plugin factory (release-please's ``pluginFactories``).
PLUGINS: dict[str, Callable[[AnyPluginConfig, PluginContext], ManifestPlugin]] = {
    "linked-versions": LinkedVersions.from_config,
    "sentence-case": SentenceCase.from_config,
    "group-priority": GroupPriority.from_config,
}


#: ``[tool.releasegate] plugins`` name -> plugin factory (releasegate's own engine plugins).
ENGINE_PLUGINS: dict[str, Callable[[PluginContext], ManifestPlugin]] = {
    "uv-workspace": UvWorkspace,
}


def build_plugins(
    config: ManifestConfig,
    context: StrategyContext,
    *,
    manifest_file: str = ".release-please-manifest.json",
) -> list[ManifestPlugin]:
    """The ``[tool.releasegate]`` plugins, the config's plugins in order, then ``merge``.

    ``merge`` is left out when ``separate-pull-requests`` is set.
    """
    packages = {p.path: p for p in config.packages}
    plugin_context = PluginContext(context, packages, config, manifest_file)
    plugins = [ENGINE_PLUGINS[name](plugin_context) for name in context.settings.plugins]
    plugins += [PLUGINS[p.type](p, plugin_context) for p in config.plugins if p.type in PLUGINS]
    if not config.separate_pull_requests:
        plugins.append(
            Merge(
                context.target_branch,
                packages,
                title_pattern=config.group_pull_request_title_pattern,
            )
        )
    return plugins
