"""The shared release-strategy logic (release-please's ``BaseStrategy``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from releasegate.engine import pull_request
from releasegate.engine._js import js_key_order
from releasegate.engine.changelog_notes import (
    BuildNotesOptions,
    ChangelogSection,
    format_changelog_date,
)
from releasegate.engine.changelog_notes.default import build_notes
from releasegate.engine.config import ROOT
from releasegate.engine.settings import Settings
from releasegate.engine.tag_name import TagName
from releasegate.engine.updaters import Update
from releasegate.engine.updaters.generic import DEFAULT_DATE_FORMAT, Generic
from releasegate.engine.updaters.generic_json import GenericJson
from releasegate.engine.updaters.generic_toml import GenericToml
from releasegate.engine.updaters.generic_xml import GenericXml
from releasegate.engine.updaters.generic_yaml import GenericYaml
from releasegate.engine.updaters.release_please_manifest import ReleasePleaseManifest
from releasegate.engine.version import Scheme, Version, VersionParseError
from releasegate.engine.versioning_strategies import build_versioning_strategy
from releasegate.engine.versioning_strategies.default import release_as_version
from releasegate.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import datetime

    from releasegate.engine.commits import ConventionalCommit
    from releasegate.engine.config import ExtraFile, ReleaserConfig
    from releasegate.engine.git import Tree
    from releasegate.engine.repository import Repository
    from releasegate.engine.updaters import Updater

__all__ = [
    "ROOT",  # re-exported from releasegate.engine.config for the strategies
    "Release",
    "ReleasePullRequest",
    "Strategy",
    "StrategyContext",
    "Update",  # re-exported from releasegate.engine.updaters for the strategies
]


@dataclass(frozen=True, slots=True)
class StrategyContext:
    """What every strategy of one run shares: the repo snapshot, branch, clock and ids.

    ``settings`` is the branch's ``[tool.releasegate]`` (the defaults: release-please's output).
    """

    tree: Tree
    target_branch: str
    repository: Repository
    now: datetime
    id_factory: Callable[[], str]
    settings: Settings = field(default_factory=Settings)


@dataclass(frozen=True, slots=True)
class Release:
    """A package's latest release: its tag and commit (sha empty: known from the manifest only)."""

    tag: TagName
    sha: str


@dataclass(slots=True)
class ReleasePullRequest:
    """A candidate release PR, as release-please's ``ReleasePullRequest``."""

    title_component: str | None
    title_version: Version | None
    title: str
    releases: list[pull_request.ReleaseData]
    header: str | None
    footer: str | None
    use_components: bool | None
    updates: list[Update]
    labels: list[str]
    head_branch: str
    version: Version | None
    draft: bool
    group: str | None = None

    @property
    def body(self) -> str:
        """The rendered PR body."""
        return pull_request.render_body(
            self.releases,
            header=self.header,
            footer=self.footer,
            use_components=self.use_components,
        )


class Strategy:
    """Turns a package's conventional commits since its last release into a release PR."""

    default_changelog_sections: tuple[ChangelogSection, ...] | None = None

    def __init__(
        self,
        path: str,
        config: ReleaserConfig,
        context: StrategyContext,
        *,
        release_as: str | None = None,
    ) -> None:
        self.path = path or ROOT
        self.config = config
        self.context = context
        self.release_as = release_as if release_as is not None else config.release_as
        self.versioning = build_versioning_strategy(
            config.versioning or "default",
            bump_minor_pre_major=bool(config.bump_minor_pre_major),
            bump_patch_for_minor_pre_major=bool(config.bump_patch_for_minor_pre_major),
            prerelease_type=config.prerelease_type,
            prerelease=bool(config.prerelease),
        )
        sections = config.changelog_sections
        self.changelog_sections = (
            sections if sections is not None else self.default_changelog_sections
        )
        self.include_component_in_tag = config.include_component_in_tag is not False
        self.include_v_in_tag = config.include_v_in_tag is not False
        self.tag_separator = config.tag_separator if config.tag_separator is not None else "-"
        # python and simple read no name from files: component, else package-name (QUIRKS.md)
        self.component_config = config.component or config.package_name or ""

    # -- component and names -------------------------------------------------------------
    def get_component(self) -> str:
        """The component used in tags and titles ('' when include-component-in-tag is false)."""
        if not self.include_component_in_tag:
            return ""
        return self.get_branch_component()

    def get_branch_component(self) -> str:
        """The component used in the head branch name (kept even without tag components)."""
        return self.component_config

    # -- the release PR ------------------------------------------------------------------
    def build_release_pull_request(
        self,
        commits: Sequence[ConventionalCommit],
        latest_release: Release | None,
        *,
        draft: bool | None,
        labels: Sequence[str] = (),
        new_version: Version | None = None,
    ) -> ReleasePullRequest | None:
        """Return the release PR for ``commits``, or None when nothing is releasable.

        ``new_version`` forces a release at that version even with no commit to show
        (release-please's ``bumpOnlyOptions``, which its workspace plugins use to release a
        package because a dependency moved).
        """
        bump_only = new_version is not None
        if not commits and not bump_only:
            return None
        if new_version is None:
            new_version = self.build_new_version(commits, latest_release)
        component = self.get_component()
        new_tag = self._new_tag(new_version)
        title = pull_request.render_title(
            self.config.pull_request_title_pattern,
            component=component,
            target_branch=self.context.target_branch,
            version=new_version,
            component_no_space=self.config.component_no_space,
        )
        branch_component = self.get_branch_component()
        head = pull_request.branch_name(self.context.target_branch, branch_component or None)
        notes = self.build_release_notes(commits, new_version, new_tag, latest_release)
        if not bump_only and not _has_entries(notes):
            return None
        updates = self.build_updates(notes, new_version, commits)
        updates = merge_updates([*updates, *self.extra_file_updates(new_version)])
        return ReleasePullRequest(
            title_component=component,
            title_version=new_version,
            title=title,
            releases=[pull_request.ReleaseData(component, new_version, notes)],
            header=self.config.pull_request_header,
            footer=self.config.pull_request_footer,
            use_components=None,
            updates=updates,
            labels=[*labels, *(self.config.extra_label or ())],
            head_branch=head,
            version=new_version,
            draft=bool(draft),
        )

    def next_version(
        self, commits: Sequence[ConventionalCommit], latest_release: Release | None
    ) -> Version | None:
        """The version a release PR would have, or None when nothing is releasable.

        Cheaper than :meth:`build_release_pull_request` (no title, file updates or body), but
        the notes are still rendered: like release-please, whether there is a release at all
        depends on whether any commit shows in them.
        """
        if not commits:
            return None
        version = self.build_new_version(commits, latest_release)
        notes = self.build_release_notes(commits, version, self._new_tag(version), latest_release)
        return version if _has_entries(notes) else None

    def _new_tag(self, version: Version) -> TagName:
        component = self.get_component()
        return TagName(
            version,
            component if self.include_component_in_tag else None,
            self.tag_separator,
            self.include_v_in_tag,
        )

    def build_new_version(
        self, commits: Sequence[ConventionalCommit], latest_release: Release | None
    ) -> Version:
        """Config release-as, else a ``Release-As`` note, else a bump, else the initial version.

        The result is written in the ``version-scheme`` of ``[tool.releasegate]``; raises
        UsageError when it cannot be (a ``prerelease-type`` PEP 440 does not know).
        """
        scheme = self.context.settings.version_scheme
        if self.release_as:
            where = f"packages[{self.path!r}].release-as"
            return _parse_version(self.release_as, where, scheme)
        footer_version = release_as_version(commits, scheme)
        if footer_version is not None:
            return footer_version
        if latest_release is not None:
            previous = latest_release.tag.version
            bumped = self.versioning.bump(previous, commits)
            moved = (bumped.major, bumped.minor, bumped.patch) != (
                previous.major,
                previous.minor,
                previous.patch,
            )
            if scheme == "pep440" and moved:
                bumped = bumped.without_post_and_dev()
        else:
            bumped = self.initial_release_version()
        try:
            return bumped.with_scheme(scheme)
        except VersionParseError:
            raise UsageError(
                f"packages[{self.path!r}]: the next version {bumped} is not a PEP 440 version; "
                "set prerelease-type to a, b or rc (version-scheme is pep440)"
            ) from None

    def initial_release_version(self) -> Version:
        """The first version of a package with no release."""
        if self.config.initial_version:
            scheme = self.context.settings.version_scheme
            return _parse_version(self.config.initial_version, "initial-version", scheme)
        return Version(1, 0, 0)

    def build_release_notes(
        self,
        commits: Sequence[ConventionalCommit],
        version: Version,
        tag: TagName,
        latest_release: Release | None,
    ) -> str:
        """Render the release notes (the CHANGELOG entry) for this release."""
        repo = self.context.repository
        options = BuildNotesOptions(
            host=self.config.changelog_host,
            owner=repo.owner,
            repository=repo.name,
            version=str(version),
            previous_tag=str(latest_release.tag) if latest_release else None,
            current_tag=str(tag),
            target_branch=self.context.target_branch,
            changelog_sections=self.changelog_sections,
            date=format_changelog_date(self.context.now),
        )
        return build_notes(commits, options)

    def build_updates(
        self, notes: str, version: Version, commits: Sequence[ConventionalCommit]
    ) -> list[Update]:
        """The release-type's own file updates."""
        raise NotImplementedError

    # -- extra-files ---------------------------------------------------------------------
    def extra_file_updates(self, version: Version) -> list[Update]:
        """Updates for the package's ``extra-files`` entries."""
        updates: list[Update] = []
        date_format = self.config.date_format or DEFAULT_DATE_FORMAT
        generic = Generic(version=version, date=self.context.now, date_format=date_format)
        for extra in self.config.extra_files or ():
            if extra.type is None:  # a plain string entry: the updater follows the file name
                updates.append(self._plain_extra_file(extra.path, version, generic))
                continue
            updater = self._typed_updater(extra, version, generic)
            updates += [
                Update(self.add_path(p), (updater,), required=not extra.glob)
                for p in self._extra_file_paths(extra)
            ]
        return updates

    def _plain_extra_file(self, path: str, version: Version, generic: Generic) -> Update:
        structured: Updater | None = None
        if path.endswith(".json"):
            structured = GenericJson("$.version", version)
        elif path.endswith((".yaml", ".yml")):
            structured = GenericYaml("$.version", version)
        elif path.endswith(".toml"):
            structured = GenericToml("$.version", version)
        elif path.endswith(".xml"):
            structured = GenericXml("/*/version", version)
        chain: tuple[Updater, ...] = (structured, generic) if structured else (generic,)
        return Update(self.add_path(path), chain, required=True)

    def _typed_updater(self, extra: ExtraFile, version: Version, generic: Generic) -> Updater:
        kind = extra.type
        if kind == "generic":
            return generic
        if kind == "json":
            return GenericJson(extra.jsonpath or "", version)
        if kind == "yaml":
            return GenericYaml(extra.jsonpath or "", version)
        if kind == "toml":
            return GenericToml(extra.jsonpath or "", version)
        if kind == "xml":
            return GenericXml(extra.xpath or "", version)
        raise UsageError(
            f"packages[{self.path!r}].extra-files: unsupported extra-file type {kind!r}; "
            "use generic, json, yaml, toml or xml"
        )

    def _extra_file_paths(self, extra: ExtraFile) -> list[str]:
        if not extra.glob:
            return [extra.path]
        if extra.path.startswith("/"):
            return ["/" + p for p in find_by_glob(self.context.tree, extra.path[1:], "")]
        prefix = "" if self.path == ROOT else self.path
        return find_by_glob(self.context.tree, extra.path, prefix)

    def add_path(self, file: str) -> str:
        """Resolve ``file`` relative to the package (a leading ``/`` means the repo root)."""
        if not self.path or self.path == ROOT or file.startswith("/"):
            file = re.sub(r"^/+", "", file)
        else:
            file = f"{re.sub(r'/+$', '', self.path)}/{file}"
        if re.search(r"((^|/)\.{1,2}|^~|^/*)+/", file):
            raise UsageError(
                f"illegal pathing characters in path: {file}; use a path inside the repo"
            )
        return re.sub(r"/+$", "", file)


def _parse_version(text: str, where: str, scheme: Scheme = "semver") -> Version:
    try:
        return Version.parse(text, scheme)
    except VersionParseError:
        example = "X.Y.Z or a PEP 440 version such as 1.0.0rc1" if scheme == "pep440" else "X.Y.Z"
        raise UsageError(f"{where}: {text!r} is not a version; use {example}") from None


def _has_entries(notes: str) -> bool:
    """Whether release notes list anything below their heading line."""
    return len(notes.split("\n")) > 1


def merge_updates(updates: Sequence[Update]) -> list[Update]:
    """Merge updates of the same path into one, updaters in order (release-please's order)."""
    by_path: dict[str, list[Update]] = {}
    for update in updates:
        by_path.setdefault(update.path, []).append(update)
    merged = [
        Update(
            path,
            _coalesce_manifests([u for g in group for u in g.updaters]),
            group[0].create_if_missing,
            required=any(u.required for u in group),
        )
        for path, group in by_path.items()
    ]
    # release-please keys the merged updates by path in a JavaScript object.
    by_merged_path = {u.path: u for u in merged}
    return [by_merged_path[path] for path in js_key_order(by_merged_path)]


def _coalesce_manifests(updaters: Sequence[Updater]) -> tuple[Updater, ...]:
    """Fold runs of manifest updaters into one that sets every path of the run.

    A combined PR of N packages would otherwise parse and re-serialise the manifest N times;
    setting the paths one after another or all at once gives the same bytes (later paths win,
    new ones are appended in order, the text around the braces is kept either way).
    """
    out: list[Updater] = []
    for updater in updaters:
        last = out[-1] if out else None
        if (
            type(updater) is ReleasePleaseManifest
            and type(last) is ReleasePleaseManifest
            and updater.versions_map is not None
            and last.versions_map is not None
        ):
            out[-1] = ReleasePleaseManifest(
                last.version, {**last.versions_map, **updater.versions_map}
            )
        else:
            out.append(updater)
    return tuple(out)


def find_by_glob(tree: Tree, pattern: str, prefix: str) -> list[str]:
    """Paths in ``tree`` matching a minimatch-style glob, relative to ``prefix``."""
    from releasegate.engine._glob import glob_match  # noqa: PLC0415 - only extra-files with glob need it

    # release-please matches the glob against the full path, then keeps those under prefix
    paths = [e.path for e in tree.entries if e.type != "commit" and glob_match(pattern, e.path)]
    return strip_prefix(paths, prefix)


def find_by_filename(tree: Tree, filename: str, prefix: str) -> list[str]:
    """Paths in ``tree`` whose last component is ``filename``, relative to ``prefix``."""
    return strip_prefix(tree.paths_named(filename), prefix)


def strip_prefix(paths: list[str], prefix: str) -> list[str]:
    """Keep the paths under ``prefix`` (``.`` or empty: all) and make them relative to it."""
    prefix = prefix.strip("/\\")
    if not prefix or prefix == ROOT:
        return paths
    return [p[len(prefix) + 1 :] for p in paths if p.startswith(prefix + "/")]
