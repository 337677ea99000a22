"""Read and validate release-please's manifest config (``release-please-config.json``).

The file holds release options at the top level (defaults for every package), a ``packages``
object whose entries override them per path, and options read only at the top level
(``plugins``, ``bootstrap-sha``, ``label`` ...). :func:`parse_config` returns a
:class:`ManifestConfig` whose packages carry options merged the way release-please's
``mergeReleaserConfig`` does: the package's value when set, else the top-level one.

release-please 17.11.2 checks no types; we do, yet accept every config its schema allows.
Deliberate differences, each reported as a one-line :class:`~releasegate.errors.ConfigError`:

* A boolean written as a string (``"true"``) is refused: release-please reads such a string as
  true in some places (``draft``) and as false in others (``bump-minor-pre-major`` is compared
  with ``=== true``), so it has no single meaning to copy. ``null`` means unset, as ``??`` does.
* A missing ``release-type`` is an error (release-please silently falls back to ``node``), and
  only ``python`` and ``simple`` are supported. The check runs on the merged package options,
  so a top-level ``release-type`` that every package overrides is never judged.
* ``changelog-type: "github"`` is an error: those notes come from GitHub's generate-notes API,
  which releasegate does not call, and rendering the default notes instead would put a
  different changelog in the release PR than release-please would, without a word. The fix is
  to drop the key (or write ``"default"``), which says what the PR will contain.
* Extra-file type ``pom`` is an error: releasegate has no Maven updater; an ``xml`` entry with
  an ``xpath`` does the same job for a version element.
* Unknown keys are warnings with a did-you-mean; release-please ignores them silently. So are
  keys release-please reads only at the top level but finds in a package (``label``,
  ``bootstrap-sha`` ...), and package paths it can never match commits to (``"pkg/"``).

Packages keep JavaScript's object key order, which release-please iterates: keys that look like
array indices (``"1"``) come first in numeric order, then the others as written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, get_args

from releasegate.engine._json_source import (
    JsonReader,
    Parts,
    describe_value,
    loads_json,
    suggest,
)
from releasegate.engine.changelog_notes import ChangelogSection

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "CONFIG_FILE_NAMES",
    "DEFAULT_COMMIT_BATCH_SIZE",
    "DEFAULT_COMMIT_SEARCH_DEPTH",
    "DEFAULT_LABELS",
    "DEFAULT_RELEASE_LABELS",
    "DEFAULT_RELEASE_SEARCH_DEPTH",
    "DEFAULT_SNAPSHOT_LABELS",
    "RELEASE_TYPES",
    "ROOT",
    "AnyPluginConfig",
    "ChangelogSection",
    "ExtraFile",
    "GroupPriorityConfig",
    "LinkedVersionsConfig",
    "ManifestConfig",
    "PackageConfig",
    "PluginConfig",
    "ReleaseType",
    "ReleaserConfig",
    "SentenceCaseConfig",
    "merge_releaser_config",
    "parse_config",
]

VersioningType = Literal[
    "default",
    "always-bump-patch",
    "always-bump-minor",
    "always-bump-major",
    "service-pack",
    "prerelease",
]
#: The release-types releasegate supports, each a strategy in :mod:`releasegate.engine.strategies`
#: (whose registry must list exactly these: a test checks it). Named here, not taken from the
#: registry, because the strategies import this module.
ReleaseType = Literal["python", "simple"]
ChangelogType = Literal["default"]
ExtraFileType = Literal["generic", "json", "toml", "yaml", "xml"]

#: Looked for in this order when no ``--config`` is given. ``release-please-config.json`` wins:
#: it is release-please's default (``DEFAULT_RELEASE_PLEASE_CONFIG``) and what its GitHub Action
#: reads unless told otherwise, so releasegate and release-please read the same file when both
#: exist. The dotted name is a common convention, which release-please reads via ``config-file``.
CONFIG_FILE_NAMES = ("release-please-config.json", ".release-please-config.json")
DEFAULT_LABELS = ("autorelease: pending",)
DEFAULT_RELEASE_LABELS = ("autorelease: tagged",)
DEFAULT_SNAPSHOT_LABELS = ("autorelease: snapshot",)
DEFAULT_RELEASE_SEARCH_DEPTH = 400
DEFAULT_COMMIT_SEARCH_DEPTH = 500
DEFAULT_COMMIT_BATCH_SIZE = 10
#: The path of the package at the repository root.
ROOT = "."

RELEASE_TYPES: tuple[str, ...] = get_args(ReleaseType)
_VERSIONING_TYPES: tuple[str, ...] = get_args(VersioningType)
_CHANGELOG_TYPES: tuple[str, ...] = get_args(ChangelogType)
_EXTRA_FILE_TYPES: tuple[str, ...] = get_args(ExtraFileType)
# release-please's own registries (src/factory.ts, src/factories/plugin-factory.ts).
_RELEASE_PLEASE_RELEASE_TYPES = (
    *("bazel", "dart", "dotnet-yoshi", "elixir", "expo", "go", "go-librarian", "go-yoshi"),
    *("helm", "java", "java-backport", "java-bom", "java-lts", "java-yoshi"),
    *("java-yoshi-mono-repo", "krm-blueprint", "maven", "node", "node-librarian", "ocaml"),
    *("php", "php-librarian", "php-yoshi", "python", "python-librarian", "r", "ruby"),
    *("ruby-librarian", "ruby-yoshi", "rust", "salesforce", "sfdx", "simple", "terraform-module"),
)
_PLUGIN_TYPES = (
    "linked-versions",
    "sentence-case",
    "group-priority",
    "cargo-workspace",
    "node-workspace",
    "maven-workspace",
)


@dataclass(frozen=True, slots=True)
class ExtraFile:
    """An ``extra-files`` entry.

    ``type`` is None for the plain-string form, whose updater release-please picks from the file
    extension (``.json``/``.yaml``/``.yml``/``.toml``/``.xml``: ``$.version`` or ``/*/version``
    plus the generic annotations; anything else: generic annotations only).
    """

    path: str
    type: ExtraFileType | None = None
    jsonpath: str | None = None
    xpath: str | None = None
    glob: bool = False


@dataclass(frozen=True, slots=True)
class ReleaserConfig:
    """The per-package release options; None means unset, so a merge can fall back.

    Field names are the config keys in snake_case. ``extra-label``, a comma-separated string,
    is split into a tuple as release-please does (``"a, b"`` gives ``("a", " b")``).
    """

    release_type: str | None = None
    versioning: VersioningType | None = None
    bump_minor_pre_major: bool | None = None
    bump_patch_for_minor_pre_major: bool | None = None
    prerelease_type: str | None = None
    prerelease: bool | None = None
    release_as: str | None = None
    initial_version: str | None = None
    skip_github_release: bool | None = None
    skip_changelog: bool | None = None
    draft: bool | None = None
    force_tag_creation: bool | None = None
    draft_pull_request: bool | None = None
    component: str | None = None
    package_name: str | None = None
    include_component_in_tag: bool | None = None
    include_v_in_tag: bool | None = None
    include_v_in_release_name: bool | None = None
    tag_separator: str | None = None
    pull_request_title_pattern: str | None = None
    pull_request_header: str | None = None
    pull_request_footer: str | None = None
    component_no_space: bool | None = None
    separate_pull_requests: bool | None = None
    extra_label: tuple[str, ...] | None = None
    changelog_sections: tuple[ChangelogSection, ...] | None = None
    changelog_path: str | None = None
    changelog_type: ChangelogType | None = None
    changelog_host: str | None = None
    include_commit_authors: bool | None = None
    date_format: str | None = None
    version_file: str | None = None
    extra_files: tuple[ExtraFile, ...] | None = None
    exclude_paths: tuple[str, ...] | None = None
    skip_snapshot: bool | None = None


@dataclass(frozen=True, slots=True)
class PackageConfig:
    """One entry of ``packages``: its path and its options merged over the top-level ones."""

    path: str
    config: ReleaserConfig


@dataclass(frozen=True, slots=True)
class PluginConfig:
    """A plugin releasegate does not implement (a workspace plugin): its type and raw options."""

    type: str
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class LinkedVersionsConfig:
    """``linked-versions``: the ``components`` of ``group_name`` always share one version."""

    group_name: str
    components: tuple[str, ...]
    merge: bool = True
    type: Literal["linked-versions"] = "linked-versions"


@dataclass(frozen=True, slots=True)
class SentenceCaseConfig:
    """``sentence-case``: capitalise commit subjects except ``special_words`` (None: default)."""

    special_words: tuple[str, ...] | None = None
    type: Literal["sentence-case"] = "sentence-case"


@dataclass(frozen=True, slots=True)
class GroupPriorityConfig:
    """``group-priority``: when several groups have releases, only the first listed one ships."""

    groups: tuple[str, ...]
    type: Literal["group-priority"] = "group-priority"


AnyPluginConfig: TypeAlias = (
    PluginConfig | LinkedVersionsConfig | SentenceCaseConfig | GroupPriorityConfig
)


@dataclass(frozen=True, slots=True)
class ManifestConfig:
    """The whole config file, with release-please's defaults applied to top-level-only options.

    ``separate_pull_requests`` is the top-level value, or True when there is exactly one
    package (release-please's default). The search depths and batch size treat 0 as unset.
    """

    root: ReleaserConfig
    packages: tuple[PackageConfig, ...]
    plugins: tuple[AnyPluginConfig, ...] = ()
    separate_pull_requests: bool = False
    group_pull_request_title_pattern: str | None = None
    bootstrap_sha: str | None = None
    last_release_sha: str | None = None
    always_link_local: bool | None = None
    always_update: bool = False
    sequential_calls: bool = False
    signoff: str | None = None
    labels: tuple[str, ...] = DEFAULT_LABELS
    release_labels: tuple[str, ...] = DEFAULT_RELEASE_LABELS
    snapshot_labels: tuple[str, ...] = DEFAULT_SNAPSHOT_LABELS
    release_search_depth: int = DEFAULT_RELEASE_SEARCH_DEPTH
    commit_search_depth: int = DEFAULT_COMMIT_SEARCH_DEPTH
    commit_batch_size: int = DEFAULT_COMMIT_BATCH_SIZE


def merge_releaser_config(defaults: ReleaserConfig, overrides: ReleaserConfig) -> ReleaserConfig:
    """Each option from ``overrides`` when set, else from ``defaults`` (``mergeReleaserConfig``).

    >>> merge_releaser_config(ReleaserConfig(draft=True), ReleaserConfig(draft=False)).draft
    False
    """
    values = {}
    for spec in fields(ReleaserConfig):
        value = getattr(overrides, spec.name)
        values[spec.name] = getattr(defaults, spec.name) if value is None else value
    return ReleaserConfig(**values)


def parse_config(data: bytes, display: str) -> tuple[ManifestConfig, list[str]]:
    """Parse, validate and merge a config file's bytes; return it and a list of warnings.

    ``display`` names the file in messages. Raises ConfigError on the first problem: bad JSON
    (``file:line:col``), a wrong type or value
    (``file: packages["."].draft: expected true or false, got 'yes'``), no packages, or a
    missing or unsupported release-type.
    """
    reader = JsonReader(display)
    document = loads_json(data, display)
    if not isinstance(document, dict):
        reader.fail((), f"expected a JSON object at the top level, got {describe_value(document)}")
    reader.check_keys(document, (), _TOP_LEVEL_KEYS)
    root = _releaser_config(reader, document, ())
    packages = tuple(_packages(reader, document.get("packages"), root))
    options = {
        name: kind(reader, document[key], (key,))
        for key, (name, kind) in _ROOT_ONLY_OPTIONS.items()
        if document.get(key) is not None
    }
    for name, default in (
        ("release_search_depth", DEFAULT_RELEASE_SEARCH_DEPTH),
        ("commit_search_depth", DEFAULT_COMMIT_SEARCH_DEPTH),
        ("commit_batch_size", DEFAULT_COMMIT_BATCH_SIZE),
    ):
        if options.get(name) == 0:  # release-please reads these with `||`
            options[name] = default
    separate = root.separate_pull_requests
    config = ManifestConfig(
        root=root,
        packages=packages,
        separate_pull_requests=len(packages) == 1 if separate is None else separate,
        **options,
    )
    return config, reader.warnings


def _choice(choices: tuple[str, ...]) -> Callable[[JsonReader, Any, Parts], str]:
    def read(reader: JsonReader, value: Any, parts: Parts) -> str:
        text = reader.string(value, parts)
        if text not in choices:
            match = suggest(text, choices)
            fix = f"did you mean {match!r}?" if match else None
            reader.fail(parts, f"{text!r} is not one of {', '.join(choices)}", fix)
        return text

    return read


# A pom.xml declares a default namespace, so a plain "/project/version" matches nothing.
_POM_FIX = (
    'use {"type": "xml", "path": "pom.xml", '
    "\"xpath\": \"/*[local-name()='project']/*[local-name()='version']\"}"
)


def _changelog_type(reader: JsonReader, value: Any, parts: Parts) -> str:
    if value == "github":  # valid for release-please: say why it is refused
        reader.fail(
            parts,
            "'github' (notes from GitHub's generate-notes API) is not supported",
            "releasegate renders release-please's default notes; remove the key or set it "
            'to "default"',
        )
    return _choice(_CHANGELOG_TYPES)(reader, value, parts)


def _changelog_sections(
    reader: JsonReader, value: Any, parts: Parts
) -> tuple[ChangelogSection, ...]:
    sections = []
    for i, item in enumerate(reader.array(value, parts)):
        here = (*parts, i)
        entry = reader.object(item, here)
        reader.check_keys(entry, here, ("type", "section", "hidden"))
        fix = (
            'each section needs "type" and "section", e.g. {"type": "feat", "section": "Features"}'
        )
        sections.append(
            ChangelogSection(
                type=reader.string(reader.required(entry, "type", here, fix), (*here, "type")),
                section=reader.string(
                    reader.required(entry, "section", here, fix), (*here, "section")
                ),
                hidden=entry.get("hidden") is not None
                and reader.boolean(entry["hidden"], (*here, "hidden")),
            )
        )
    return tuple(sections)


def _extra_files(reader: JsonReader, value: Any, parts: Parts) -> tuple[ExtraFile, ...]:
    files = []
    for i, item in enumerate(reader.array(value, parts)):
        here = (*parts, i)
        if isinstance(item, str):
            files.append(ExtraFile(path=item))
            continue
        if not isinstance(item, dict):
            reader.fail(
                here, f"expected a path or an object with type and path, got {describe_value(item)}"
            )
        types = ", ".join(_EXTRA_FILE_TYPES)
        raw_type = reader.required(item, "type", here, f'add "type": one of {types}')
        if raw_type == "pom":  # valid for release-please: say what to write instead
            reader.fail(
                (*here, "type"),
                "releasegate has no 'pom' updater (release-please's Maven updater)",
                _POM_FIX,
            )
        file_type = _choice(_EXTRA_FILE_TYPES)(reader, raw_type, (*here, "type"))
        selector = {"json": "jsonpath", "toml": "jsonpath", "yaml": "jsonpath", "xml": "xpath"}
        known = ("type", "path", "glob", *((selector[file_type],) if file_type in selector else ()))
        reader.check_keys(item, here, known)
        path = reader.required(item, "path", here, 'add "path": the file, relative to the package')
        jsonpath = xpath = None
        if file_type == "xml":
            where = reader.required(item, "xpath", here, 'add "xpath", e.g. "//project/version"')
            xpath = reader.string(where, (*here, "xpath"))
        elif file_type in selector:
            where = reader.required(item, "jsonpath", here, 'add "jsonpath", e.g. "$.version"')
            jsonpath = reader.string(where, (*here, "jsonpath"))
        glob = item.get("glob")
        files.append(
            ExtraFile(
                path=reader.string(path, (*here, "path")),
                type=file_type,  # type: ignore[arg-type]  # _choice checked it is an ExtraFileType
                jsonpath=jsonpath,
                xpath=xpath,
                glob=glob is not None and reader.boolean(glob, (*here, "glob")),
            )
        )
    return tuple(files)


def _plugins(reader: JsonReader, value: Any, parts: Parts) -> tuple[AnyPluginConfig, ...]:
    plugins: list[AnyPluginConfig] = []
    for i, item in enumerate(reader.array(value, parts)):
        here = (*parts, i)
        if isinstance(item, str):
            entry: dict[str, Any] = {"type": item}
            type_parts = here
        elif isinstance(item, dict):
            entry, type_parts = item, (*here, "type")
            names = ", ".join(_PLUGIN_TYPES)
            reader.string(
                reader.required(item, "type", here, f'add "type": one of {names}'), type_parts
            )
        else:
            reader.fail(
                here, f'expected a plugin name or an object with "type", got {describe_value(item)}'
            )
        name = entry["type"]
        if name not in _PLUGIN_TYPES:
            match = suggest(name, _PLUGIN_TYPES)
            fix = f"did you mean {match!r}?" if match else f"known: {', '.join(_PLUGIN_TYPES)}"
            reader.fail(type_parts, f"unknown plugin {name!r}", fix)
        plugins.append(_plugin(reader, name, entry, here))
    return tuple(plugins)


def _plugin(reader: JsonReader, name: str, entry: dict[str, Any], here: Parts) -> AnyPluginConfig:
    if name == "linked-versions":
        reader.check_keys(entry, here, ("type", "groupName", "components", "merge"))
        group = reader.required(entry, "groupName", here, 'name the group, e.g. "groupName": "sdk"')
        fix = 'list the components to link, e.g. "components": ["a", "b"]'
        components = reader.required(entry, "components", here, fix)
        merge = entry.get("merge")
        return LinkedVersionsConfig(
            group_name=reader.string(group, (*here, "groupName")),
            components=reader.strings(components, (*here, "components")),
            merge=merge is None or reader.boolean(merge, (*here, "merge")),
        )
    if name == "sentence-case":
        reader.check_keys(entry, here, ("type", "specialWords"))
        words = entry.get("specialWords")
        return SentenceCaseConfig(
            None if words is None else reader.strings(words, (*here, "specialWords"))
        )
    if name == "group-priority":
        reader.check_keys(entry, here, ("type", "groups"))
        fix = 'list group names, highest priority first, e.g. "groups": ["sdk"]'
        groups = reader.required(entry, "groups", here, fix)
        return GroupPriorityConfig(reader.strings(groups, (*here, "groups")))
    return PluginConfig(name, MappingProxyType({k: v for k, v in entry.items() if k != "type"}))


_Kind = Callable[[JsonReader, Any, Parts], Any]

# Per-package options (release-please's extractReleaserConfig), read at both levels.
_RELEASER_OPTIONS: dict[str, tuple[str, _Kind]] = {
    "release-type": ("release_type", JsonReader.string),
    "versioning": ("versioning", _choice(_VERSIONING_TYPES)),
    "bump-minor-pre-major": ("bump_minor_pre_major", JsonReader.boolean),
    "bump-patch-for-minor-pre-major": ("bump_patch_for_minor_pre_major", JsonReader.boolean),
    "prerelease-type": ("prerelease_type", JsonReader.string),
    "prerelease": ("prerelease", JsonReader.boolean),
    "release-as": ("release_as", JsonReader.version),
    "initial-version": ("initial_version", JsonReader.version),
    "skip-github-release": ("skip_github_release", JsonReader.boolean),
    "skip-changelog": ("skip_changelog", JsonReader.boolean),
    "draft": ("draft", JsonReader.boolean),
    "force-tag-creation": ("force_tag_creation", JsonReader.boolean),
    "draft-pull-request": ("draft_pull_request", JsonReader.boolean),
    "component": ("component", JsonReader.string),
    "package-name": ("package_name", JsonReader.string),
    "include-component-in-tag": ("include_component_in_tag", JsonReader.boolean),
    "include-v-in-tag": ("include_v_in_tag", JsonReader.boolean),
    "include-v-in-release-name": ("include_v_in_release_name", JsonReader.boolean),
    "tag-separator": ("tag_separator", JsonReader.string),
    "pull-request-title-pattern": ("pull_request_title_pattern", JsonReader.string),
    "pull-request-header": ("pull_request_header", JsonReader.string),
    "pull-request-footer": ("pull_request_footer", JsonReader.string),
    "component-no-space": ("component_no_space", JsonReader.boolean),
    "separate-pull-requests": ("separate_pull_requests", JsonReader.boolean),
    "extra-label": ("extra_label", JsonReader.labels),
    "changelog-sections": ("changelog_sections", _changelog_sections),
    "changelog-path": ("changelog_path", JsonReader.string),
    "changelog-type": ("changelog_type", _changelog_type),
    "changelog-host": ("changelog_host", JsonReader.string),
    "include-commit-authors": ("include_commit_authors", JsonReader.boolean),
    "date-format": ("date_format", JsonReader.string),
    "version-file": ("version_file", JsonReader.string),
    "extra-files": ("extra_files", _extra_files),
    "exclude-paths": ("exclude_paths", JsonReader.strings),
    "skip-snapshot": ("skip_snapshot", JsonReader.boolean),
}

# Options release-please reads only at the top level (parseConfig's manifestOptions).
_ROOT_ONLY_OPTIONS: dict[str, tuple[str, _Kind]] = {
    "bootstrap-sha": ("bootstrap_sha", JsonReader.string),
    "last-release-sha": ("last_release_sha", JsonReader.string),
    "always-link-local": ("always_link_local", JsonReader.boolean),
    "always-update": ("always_update", JsonReader.boolean),
    "sequential-calls": ("sequential_calls", JsonReader.boolean),
    "signoff": ("signoff", JsonReader.string),
    "group-pull-request-title-pattern": ("group_pull_request_title_pattern", JsonReader.string),
    "label": ("labels", JsonReader.labels),
    "release-label": ("release_labels", JsonReader.labels),
    "snapshot-label": ("snapshot_labels", JsonReader.labels),
    "release-search-depth": ("release_search_depth", JsonReader.count),
    "commit-search-depth": ("commit_search_depth", JsonReader.count),
    "commit-batch-size": ("commit_batch_size", JsonReader.count),
    "plugins": ("plugins", _plugins),
}
_TOP_LEVEL_KEYS = frozenset({"$schema", "packages", *_RELEASER_OPTIONS, *_ROOT_ONLY_OPTIONS})
_TOP_LEVEL_ONLY = "only read at the top level; release-please ignores it here"


def _releaser_config(reader: JsonReader, obj: Mapping[str, Any], parts: Parts) -> ReleaserConfig:
    values = {
        name: kind(reader, obj[key], (*parts, key))
        for key, (name, kind) in _RELEASER_OPTIONS.items()
        if obj.get(key) is not None
    }
    return ReleaserConfig(**values)


def _packages(reader: JsonReader, value: Any, root: ReleaserConfig) -> Iterable[PackageConfig]:
    example = '"packages": {".": {"release-type": "python"}}'
    if value is None:
        reader.fail((), 'missing "packages"', f"list each package by path, e.g. {example}")
    packages = reader.object(value, ("packages",))
    if not packages:
        reader.fail(("packages",), "no packages configured", f"add one, e.g. {example}")
    for path in packages:  # already in JavaScript key order (json_parse)
        here: Parts = ("packages", path)
        entry = reader.object(packages[path], here)
        _check_package_path(reader, path, here)
        reader.check_keys(entry, here, _RELEASER_OPTIONS, _TOP_LEVEL_KEYS, _TOP_LEVEL_ONLY)
        own = _releaser_config(reader, entry, here)
        merged = merge_releaser_config(root, own)
        _check_release_type(reader, merged.release_type, own.release_type is not None, here)
        yield PackageConfig(path, merged)


def _check_package_path(reader: JsonReader, path: str, here: Parts) -> None:
    # release-please splits commits by the normalised path ("pkg") but looks the result up
    # under the path as written, so "pkg/", "/pkg" or "./pkg" never see a commit.
    if path == ".":
        return
    clean = path.strip("/").removeprefix("./").strip("/") or "."
    if clean != path:
        reader.warn(here, f'release-please never matches commits to this path; write "{clean}"')


def _check_release_type(reader: JsonReader, value: str | None, own: bool, here: Parts) -> None:
    supported = " and ".join(RELEASE_TYPES)
    if value is None:
        reader.fail(
            here,
            "no release-type, here or at the top level",
            'add "release-type": "python" (or "simple") at the top level',
        )
    if value in RELEASE_TYPES:
        return
    parts = (*here, "release-type") if own else ("release-type",)
    if value in _RELEASE_PLEASE_RELEASE_TYPES:
        reader.fail(
            parts, f"unsupported release-type {value!r}", f"releasegate supports {supported}"
        )
    match = suggest(value, _RELEASE_PLEASE_RELEASE_TYPES)
    hint = f"did you mean {match!r}? " if match else ""
    reader.fail(parts, f"unknown release-type {value!r}", f"{hint}releasegate supports {supported}")
