"""Tests for releasegate.engine.config: reading, merging and validating release-please-config.json."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from releasegate.engine.config import (
    RELEASE_TYPES,
    ChangelogSection,
    ExtraFile,
    GroupPriorityConfig,
    LinkedVersionsConfig,
    ManifestConfig,
    PackageConfig,
    PluginConfig,
    ReleaserConfig,
    SentenceCaseConfig,
    merge_releaser_config,
    parse_config,
)
from releasegate.engine.strategies import STRATEGIES
from releasegate.errors import ConfigError, UsageError

if TYPE_CHECKING:
    from pathlib import Path

NAME = ".release-please-config.json"


def load(tmp_path: Path, content: str | dict[str, Any]) -> tuple[ManifestConfig, list[str]]:
    """Parse ``content`` (text, or an object as JSON) as the config file."""
    del tmp_path  # kept so that every test reads the same way
    text = content if isinstance(content, str) else json.dumps(content, indent=2)
    return parse_config(text.encode(), NAME)


def package(manifest: ManifestConfig, path: str) -> PackageConfig:
    """The configured package at ``path``."""
    return next(p for p in manifest.packages if p.path == path)


def error(tmp_path: Path, content: str | dict[str, Any]) -> str:
    """Return the one-line ConfigError loading ``content`` raises."""
    with pytest.raises(ConfigError) as info:
        load(tmp_path, content)
    return str(info.value)


def python(**options: Any) -> dict[str, Any]:
    """Return a one-package python config with extra top-level options."""
    return {"release-type": "python", "packages": {".": {}}, **options}


# --- merged package options -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "path", "field", "expected"),
    [
        # a top-level option is every package's default
        (python(draft=True), ".", "draft", True),
        ({"packages": {"a": {"release-type": "simple"}}}, "a", "release_type", "simple"),
        # the package's own value wins, even a falsy one
        (
            {"release-type": "python", "draft": True, "packages": {".": {"draft": False}}},
            ".",
            "draft",
            False,
        ),
        (
            {
                "release-type": "python",
                "release-as": "2.0.0",
                "packages": {".": {"release-as": ""}},
            },
            ".",
            "release_as",
            "",
        ),
        (
            {"release-type": "simple", "packages": {"a": {"release-type": "python"}}},
            "a",
            "release_type",
            "python",
        ),
        # null means unset, so the top-level value shows through
        (
            {
                "release-type": "python",
                "tag-separator": "@",
                "packages": {".": {"tag-separator": None}},
            },
            ".",
            "tag_separator",
            "@",
        ),
        # unset everywhere stays None for the strategies to default
        (python(), ".", "include_v_in_tag", None),
        (python(), ".", "versioning", None),
        # comma-separated labels split like String.split(','), spaces kept
        (python(**{"extra-label": "a, b,c"}), ".", "extra_label", ("a", " b", "c")),
        (python(**{"exclude-paths": ["docs", "x/y"]}), ".", "exclude_paths", ("docs", "x/y")),
        # option values of every kind
        (python(versioning="always-bump-minor"), ".", "versioning", "always-bump-minor"),
        (python(**{"changelog-type": "default"}), ".", "changelog_type", "default"),
        (python(**{"release-as": "1.0.0rc1"}), ".", "release_as", "1.0.0rc1"),
        (python(**{"initial-version": "0.0.1"}), ".", "initial_version", "0.0.1"),
        (python(**{"force-tag-creation": True}), ".", "force_tag_creation", True),
        (python(**{"include-commit-authors": True}), ".", "include_commit_authors", True),
        (python(**{"date-format": "%Y"}), ".", "date_format", "%Y"),
        (
            python(**{"changelog-sections": [{"type": "feat", "section": "New", "hidden": True}]}),
            ".",
            "changelog_sections",
            (ChangelogSection("feat", "New", hidden=True),),
        ),
        (
            python(**{"changelog-sections": [{"type": "fix", "section": "Fixes", "hidden": None}]}),
            ".",
            "changelog_sections",
            (ChangelogSection("fix", "Fixes"),),
        ),
    ],
)
def test_merged_option(
    config: dict[str, Any], path: str, field: str, expected: Any, tmp_path: Path
) -> None:
    """Each package gets its own value when set, else the top-level one (mergeReleaserConfig)."""
    manifest, _ = load(tmp_path, config)
    assert getattr(package(manifest, path).config, field) == expected


def test_extra_files_every_form(tmp_path: Path) -> None:
    """Extra files accept plain paths and objects of every type, with their selectors."""
    files = [
        "VERSION",
        {"type": "generic", "path": "a.txt"},
        {"type": "json", "path": "p.json", "jsonpath": "$.v", "glob": True},
        {"type": "toml", "path": "c.toml", "jsonpath": "$.tool.v"},
        {"type": "yaml", "path": "c.yaml", "jsonpath": "$.v"},
        {"type": "xml", "path": "c.xml", "xpath": "//v"},
    ]
    manifest, warnings = load(tmp_path, python(**{"extra-files": files}))
    assert package(manifest, ".").config.extra_files == (
        ExtraFile("VERSION"),
        ExtraFile("a.txt", "generic"),
        ExtraFile("p.json", "json", jsonpath="$.v", glob=True),
        ExtraFile("c.toml", "toml", jsonpath="$.tool.v"),
        ExtraFile("c.yaml", "yaml", jsonpath="$.v"),
        ExtraFile("c.xml", "xml", xpath="//v"),
    )
    assert warnings == []


def test_every_documented_key_is_known(tmp_path: Path) -> None:
    """A config using every key of release-please's schema (and its extra parsed keys) loads cleanly."""
    releaser = {
        "release-type": "python",
        "bump-minor-pre-major": True,
        "bump-patch-for-minor-pre-major": False,
        "prerelease-type": "rc",
        "versioning": "prerelease",
        "changelog-sections": [{"type": "feat", "section": "Features"}],
        "release-as": "1.2.3",
        "skip-github-release": False,
        "skip-changelog": False,
        "draft": False,
        "force-tag-creation": False,
        "prerelease": True,
        "draft-pull-request": True,
        "extra-label": "x",
        "include-component-in-tag": False,
        "include-v-in-tag": True,
        "include-v-in-release-name": True,
        "changelog-type": "default",
        "changelog-host": "https://ghe.example",
        "changelog-path": "docs/CHANGES.md",
        "pull-request-title-pattern": "chore: release ${version}",
        "pull-request-header": "Header",
        "pull-request-footer": "Footer",
        "separate-pull-requests": False,
        "tag-separator": "-",
        "date-format": "%Y-%m-%d",
        "extra-files": ["VERSION"],
        "exclude-paths": ["docs"],
        "version-file": "VERSION",
        "skip-snapshot": True,
        "initial-version": "0.1.0",
        "component-no-space": True,
        "component": "lib",
        "package-name": "lib",
        "include-commit-authors": False,
    }
    top = {
        "$schema": "https://example.invalid/schema.json",
        "bootstrap-sha": "abc",
        "last-release-sha": "def",
        "always-link-local": True,
        "plugins": ["sentence-case"],
        "signoff": "Bot <bot@example.com>",
        "group-pull-request-title-pattern": "chore: release ${branch}",
        "release-search-depth": 10,
        "commit-search-depth": 20,
        "commit-batch-size": 5,
        "sequential-calls": True,
        "always-update": True,
        "label": "p",
        "release-label": "t",
        "snapshot-label": "s",
    }
    manifest, warnings = load(tmp_path, {**releaser, **top, "packages": {"lib": dict(releaser)}})
    assert warnings == []
    assert manifest.root == package(manifest, "lib").config
    assert (manifest.bootstrap_sha, manifest.last_release_sha) == ("abc", "def")
    assert (manifest.release_search_depth, manifest.commit_search_depth) == (10, 20)
    assert (manifest.commit_batch_size, manifest.sequential_calls) == (5, True)
    assert (manifest.labels, manifest.release_labels, manifest.snapshot_labels) == (
        ("p",),
        ("t",),
        ("s",),
    )


def test_merge_releaser_config_takes_set_values() -> None:
    """merge_releaser_config keeps overrides that are set (also False and "") and fills the rest."""
    defaults = ReleaserConfig(release_type="python", draft=True, component="x", tag_separator="@")
    overrides = ReleaserConfig(draft=False, component="")
    merged = merge_releaser_config(defaults, overrides)
    assert (merged.release_type, merged.draft, merged.component, merged.tag_separator) == (
        "python",
        False,
        "",
        "@",
    )


# --- top-level options ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "field", "expected"),
    [
        # separate-pull-requests defaults to "exactly one package"
        (python(), "separate_pull_requests", True),
        (
            {"release-type": "python", "packages": {"a": {}, "b": {}}},
            "separate_pull_requests",
            False,
        ),
        (
            {
                "release-type": "python",
                "separate-pull-requests": True,
                "packages": {"a": {}, "b": {}},
            },
            "separate_pull_requests",
            True,
        ),
        (python(**{"separate-pull-requests": False}), "separate_pull_requests", False),
        # release-please's defaults; 0 counts as unset (it reads these with ||)
        (python(), "labels", ("autorelease: pending",)),
        (python(), "release_labels", ("autorelease: tagged",)),
        (python(), "snapshot_labels", ("autorelease: snapshot",)),
        (python(), "release_search_depth", 400),
        (python(), "commit_search_depth", 500),
        (python(), "commit_batch_size", 10),
        (python(**{"release-search-depth": 0}), "release_search_depth", 400),
        (python(**{"commit-search-depth": 50.0}), "commit_search_depth", 50),
        (python(), "always_update", False),
        (python(), "sequential_calls", False),
        (python(), "always_link_local", None),
        (python(label="a,b"), "labels", ("a", "b")),
        (python(**{"release-label": "done"}), "release_labels", ("done",)),
        (
            python(**{"group-pull-request-title-pattern": "x ${branch}"}),
            "group_pull_request_title_pattern",
            "x ${branch}",
        ),
        (python(**{"bootstrap-sha": "abc123"}), "bootstrap_sha", "abc123"),
        (python(**{"last-release-sha": "abc123"}), "last_release_sha", "abc123"),
        (python(signoff="A <a@b.c>"), "signoff", "A <a@b.c>"),
    ],
)
def test_top_level_option(
    config: dict[str, Any], field: str, expected: Any, tmp_path: Path
) -> None:
    """Top-level-only options get release-please's defaults when unset."""
    manifest, _ = load(tmp_path, config)
    assert getattr(manifest, field) == expected


@pytest.mark.parametrize(
    ("plugins", "expected"),
    [
        (["sentence-case"], (SentenceCaseConfig(),)),
        (
            [{"type": "sentence-case", "specialWords": ["GitHub"]}],
            (SentenceCaseConfig(("GitHub",)),),
        ),
        (
            [{"type": "linked-versions", "groupName": "sdk", "components": ["a", "b"]}],
            (LinkedVersionsConfig("sdk", ("a", "b")),),
        ),
        (
            [{"type": "linked-versions", "groupName": "g", "components": [], "merge": False}],
            (LinkedVersionsConfig("g", (), merge=False),),
        ),
        ([{"type": "group-priority", "groups": ["sdk"]}], (GroupPriorityConfig(("sdk",)),)),
        (["node-workspace"], (PluginConfig("node-workspace"),)),
        (
            [{"type": "cargo-workspace", "merge": False}],
            (PluginConfig("cargo-workspace", {"merge": False}),),
        ),
        (None, ()),
    ],
)
def test_plugins(plugins: Any, expected: tuple[Any, ...], tmp_path: Path) -> None:
    """Known plugins parse into typed configs; workspace plugins into a generic PluginConfig."""
    manifest, warnings = load(tmp_path, python(plugins=plugins))
    assert manifest.plugins == expected
    assert warnings == []


def test_package_order_follows_javascript(tmp_path: Path) -> None:
    """Packages keep file order, except array-index-like keys, which JavaScript puts first."""
    text = '{"release-type": "python", "packages": {"b": {}, "10": {}, ".": {}, "2": {}, "01": {}}}'
    manifest, _ = load(tmp_path, text)
    assert [p.path for p in manifest.packages] == ["2", "10", "b", ".", "01"]


# --- warnings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            {"packages": {".": {"release-type": "python", "relase-as": "1.0.0"}}},
            [f"{NAME}: packages[\".\"].relase-as: unknown key; did you mean 'release-as'?"],
        ),
        (
            python(bootsrap_sha="x"),
            [f"{NAME}: bootsrap_sha: unknown key; did you mean 'bootstrap-sha'?"],
        ),
        (python(zzz=1), [f"{NAME}: zzz: unknown key; release-please ignores it"]),
        (
            {"release-type": "python", "packages": {"a": {"label": "x", "plugins": []}}},
            [
                f'{NAME}: packages["a"].label: only read at the top level; release-please ignores it here',
                f'{NAME}: packages["a"].plugins: only read at the top level; release-please ignores it here',
            ],
        ),
        (
            {"release-type": "python", "packages": {"pkg/": {}, "./b": {}, "": {}}},
            [
                f'{NAME}: packages["pkg/"]: release-please never matches commits to this path; write "pkg"',
                f'{NAME}: packages["./b"]: release-please never matches commits to this path; write "b"',
                f'{NAME}: packages[""]: release-please never matches commits to this path; write "."',
            ],
        ),
        (
            python(
                **{"extra-files": [{"type": "json", "path": "a", "jsonpath": "$", "xpath": "/"}]}
            ),
            [f"{NAME}: extra-files[0].xpath: unknown key; did you mean 'path'?"],
        ),
        (
            python(
                plugins=[
                    {
                        "type": "linked-versions",
                        "groupname": "g",
                        "groupName": "g",
                        "components": [],
                    }
                ]
            ),
            [f"{NAME}: plugins[0].groupname: unknown key; did you mean 'groupName'?"],
        ),
        (
            python(**{"changelog-sections": [{"type": "a", "section": "b", "hiden": True}]}),
            [f"{NAME}: changelog-sections[0].hiden: unknown key; did you mean 'hidden'?"],
        ),
    ],
)
def test_warnings(config: dict[str, Any], expected: list[str], tmp_path: Path) -> None:
    """Unknown, misplaced and unmatchable entries are warnings, not errors."""
    _, warnings = load(tmp_path, config)
    assert warnings == expected


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # JSON syntax, located at file:line:col
        (
            '{\n  "packages": {\n    ".": {"release-type": "python",}\n  }\n}',
            f"{NAME}:3:35: trailing comma in object; remove the ',' before '}}'",
        ),
        (
            '{"packages": {}, "exclude-paths": ["a",\n]}',
            f"{NAME}:1:39: trailing comma in array; remove the ',' before ']'",
        ),
        ("", f"{NAME}:1:1: the file is empty; write a JSON object such as {{}}"),
        ("  \n", f"{NAME}:1:1: the file is empty; write a JSON object such as {{}}"),
        (
            '{"packages": {',
            f"{NAME}:1:15: unexpected end of file; close every open '{{', '[' and '\"'",
        ),
        (
            "{'packages': {}}",
            f"{NAME}:1:2: strings must use double quotes; replace the ' quotes with \"",
        ),
        (
            '{\n  // comment\n  "packages": {}}',
            f"{NAME}:2:3: comments are not allowed in JSON; remove the comment",
        ),
        ("{packages: {}}", f'{NAME}:1:2: property name packages is not quoted; write "packages"'),
        ('{"draft": True}', f"{NAME}:1:11: True is not a JSON value; write true"),
        ('{"draft": None}', f"{NAME}:1:11: None is not a JSON value; write null"),
        (
            '{"draft": yes}',
            f"{NAME}:1:11: unexpected 'yes', expected a value; use true, false, null, a number, a \"string\", [an array] or {{an object}}",
        ),
        ('{"a": 1\n "b": 2}', f"{NAME}:1:8: missing ',' between items; add a ',' here"),
        ('{"a" 1}', f"{NAME}:1:5: missing ':' after the property name; add a ':' here"),
        (
            '{"packages": {}} {}',
            f"{NAME}:1:18: unexpected text after the end of the JSON value; a JSON file holds exactly one value; remove the extra text or wrap it all in {{}}",
        ),
        ('{"a": "x', f'{NAME}:1:7: unterminated string; close it with a "'),
        (
            '{"a": "x\ty"}',
            f"{NAME}:1:9: raw control character (tab or newline) inside a string; write it as \\t or \\n",
        ),
        (
            '{"a": "\\q"}',
            f"{NAME}:1:8: invalid escape sequence in a string; write a backslash as \\\\",
        ),
        (
            '{"a": "\\u12"}',
            f"{NAME}:1:8: invalid \\u escape; write exactly four hex digits after \\u",
        ),
        ('{"a": NaN}', f"{NAME}: a: NaN is not valid JSON; write a number"),
        (
            '{"packages": {".": {"x": [Infinity]}}}',
            f'{NAME}: packages["."].x[0]: Infinity is not valid JSON; write a number',
        ),
        (
            "\ufeff{}",
            f"{NAME}:1:1: the file starts with a UTF-8 byte-order mark, which release-please cannot parse; save the file as UTF-8 without a BOM",
        ),
        # the document's shape
        ("[]", f"{NAME}: expected a JSON object at the top level, got an array"),
        ('"x"', f"{NAME}: expected a JSON object at the top level, got 'x'"),
        (
            "{}",
            f'{NAME}: missing "packages"; list each package by path, e.g. "packages": {{".": {{"release-type": "python"}}}}',
        ),
        (
            '{"packages": null}',
            f'{NAME}: missing "packages"; list each package by path, e.g. "packages": {{".": {{"release-type": "python"}}}}',
        ),
        (
            '{"packages": {}}',
            f'{NAME}: packages: no packages configured; add one, e.g. "packages": {{".": {{"release-type": "python"}}}}',
        ),
        ('{"packages": []}', f"{NAME}: packages: expected an object, got an array"),
        ('{"packages": {".": null}}', f'{NAME}: packages["."]: expected an object, got null'),
    ],
)
def test_syntax_and_shape_errors(text: str, message: str, tmp_path: Path) -> None:
    """Malformed files fail with one located, actionable line."""
    assert error(tmp_path, text) == message


@pytest.mark.parametrize(
    ("config", "message"),
    [
        # types, reported by key path
        (
            {"packages": {".": {"release-type": 3}}},
            f'{NAME}: packages["."].release-type: expected a string, got 3',
        ),
        (
            python(draft="true"),
            f"{NAME}: draft: expected true or false, got 'true'; write true without quotes",
        ),
        (python(draft="yes"), f"{NAME}: draft: expected true or false, got 'yes'"),
        (python(draft=1), f"{NAME}: draft: expected true or false, got 1"),
        (
            python(**{"exclude-paths": "docs"}),
            f"{NAME}: exclude-paths: expected an array, got 'docs'",
        ),
        (
            python(**{"exclude-paths": ["a", 2]}),
            f"{NAME}: exclude-paths[1]: expected a string, got 2",
        ),
        (python(label=["a"]), f"{NAME}: label: expected a string, got an array"),
        (
            python(**{"release-search-depth": "100"}),
            f"{NAME}: release-search-depth: expected a whole number of 0 or more, got '100'",
        ),
        (
            python(**{"commit-search-depth": -1}),
            f"{NAME}: commit-search-depth: expected a whole number of 0 or more, got -1",
        ),
        (
            python(**{"commit-batch-size": 2.5}),
            f"{NAME}: commit-batch-size: expected a whole number of 0 or more, got 2.5",
        ),
        (
            python(**{"sequential-calls": True, "always-update": "no"}),
            f"{NAME}: always-update: expected true or false, got 'no'",
        ),
        # enums
        (
            python(versioning="bogus"),
            f"{NAME}: versioning: 'bogus' is not one of default, always-bump-patch, always-bump-minor, always-bump-major, service-pack, prerelease",
        ),
        (
            python(versioning="always-bump-patc"),
            f"{NAME}: versioning: 'always-bump-patc' is not one of default, always-bump-patch, always-bump-minor, always-bump-major, service-pack, prerelease; did you mean 'always-bump-patch'?",
        ),
        (
            python(**{"changelog-type": "gitlab"}),
            f"{NAME}: changelog-type: 'gitlab' is not one of default",
        ),
        (
            python(**{"changelog-type": "github"}),
            f"{NAME}: changelog-type: 'github' (notes from GitHub's generate-notes API) is not supported; releasegate renders release-please's default notes; remove the key or set it to \"default\"",
        ),
        # versions
        (
            python(**{"release-as": "2.0"}),
            f"{NAME}: release-as: '2.0' is not a version; write it as X.Y.Z, e.g. '1.2.0'",
        ),
        (
            python(**{"initial-version": "v1"}),
            f"{NAME}: initial-version: 'v1' is not a version; write it as X.Y.Z, e.g. '1.2.0'",
        ),
        # release-type
        (
            {"packages": {".": {}}},
            f'{NAME}: packages["."]: no release-type, here or at the top level; add "release-type": "python" (or "simple") at the top level',
        ),
        (
            {"release-type": "node", "packages": {".": {}}},
            f"{NAME}: release-type: unsupported release-type 'node'; releasegate supports python and simple",
        ),
        (
            {"release-type": "python", "packages": {"a": {}, "b": {"release-type": "rust"}}},
            f"{NAME}: packages[\"b\"].release-type: unsupported release-type 'rust'; releasegate supports python and simple",
        ),
        (
            {"packages": {".": {"release-type": "pyton"}}},
            f"{NAME}: packages[\".\"].release-type: unknown release-type 'pyton'; did you mean 'python'? releasegate supports python and simple",
        ),
        # extra-files
        (
            python(**{"extra-files": [3]}),
            f"{NAME}: extra-files[0]: expected a path or an object with type and path, got 3",
        ),
        (
            python(**{"extra-files": [{"path": "a.json"}]}),
            f'{NAME}: extra-files[0]: missing "type"; add "type": one of generic, json, toml, yaml, xml',
        ),
        (
            python(**{"extra-files": [{"type": "ini", "path": "a.ini"}]}),
            f"{NAME}: extra-files[0].type: 'ini' is not one of generic, json, toml, yaml, xml",
        ),
        (
            python(**{"extra-files": [{"type": "pom", "path": "pom.xml"}]}),
            f'{NAME}: extra-files[0].type: releasegate has no \'pom\' updater (release-please\'s Maven updater); use {{"type": "xml", "path": "pom.xml", "xpath": "/*[local-name()=\'project\']/*[local-name()=\'version\']"}}',
        ),
        (
            {
                "release-type": "python",
                "packages": {"a": {"extra-files": [{"type": "json", "path": "a.json"}]}},
            },
            f'{NAME}: packages["a"].extra-files[0]: missing "jsonpath"; add "jsonpath", e.g. "$.version"',
        ),
        (
            python(**{"extra-files": [{"type": "xml", "path": "a.xml"}]}),
            f'{NAME}: extra-files[0]: missing "xpath"; add "xpath", e.g. "//project/version"',
        ),
        (
            python(**{"extra-files": [{"type": "generic"}]}),
            f'{NAME}: extra-files[0]: missing "path"; add "path": the file, relative to the package',
        ),
        (
            python(
                **{"extra-files": [{"type": "xml", "path": "p.xml", "xpath": "//v", "glob": "y"}]}
            ),
            f"{NAME}: extra-files[0].glob: expected true or false, got 'y'",
        ),
        # changelog-sections
        (
            python(**{"changelog-sections": [{"type": "feat"}]}),
            f'{NAME}: changelog-sections[0]: missing "section"; each section needs "type" and "section", e.g. {{"type": "feat", "section": "Features"}}',
        ),
        (
            python(**{"changelog-sections": {"feat": "x"}}),
            f"{NAME}: changelog-sections: expected an array, got an object",
        ),
        # plugins
        (
            python(plugins="sentence-case"),
            f"{NAME}: plugins: expected an array, got 'sentence-case'",
        ),
        (
            python(plugins=["linked-version"]),
            f"{NAME}: plugins[0]: unknown plugin 'linked-version'; did you mean 'linked-versions'?",
        ),
        (
            python(plugins=[{"type": "magic"}]),
            f"{NAME}: plugins[0].type: unknown plugin 'magic'; known: linked-versions, sentence-case, group-priority, cargo-workspace, node-workspace, maven-workspace",
        ),
        (
            python(plugins=[{"groupName": "x"}]),
            f'{NAME}: plugins[0]: missing "type"; add "type": one of linked-versions, sentence-case, group-priority, cargo-workspace, node-workspace, maven-workspace',
        ),
        (
            python(plugins=["linked-versions"]),
            f'{NAME}: plugins[0]: missing "groupName"; name the group, e.g. "groupName": "sdk"',
        ),
        (
            python(plugins=[{"type": "linked-versions", "groupName": "g"}]),
            f'{NAME}: plugins[0]: missing "components"; list the components to link, e.g. "components": ["a", "b"]',
        ),
        (
            python(plugins=[{"type": "group-priority"}]),
            f'{NAME}: plugins[0]: missing "groups"; list group names, highest priority first, e.g. "groups": ["sdk"]',
        ),
        (
            python(plugins=[7]),
            f'{NAME}: plugins[0]: expected a plugin name or an object with "type", got 7',
        ),
    ],
)
def test_value_errors(config: dict[str, Any], message: str, tmp_path: Path) -> None:
    """Wrong types and values fail with the key path, the value and, when known, the fix."""
    assert error(tmp_path, config) == message


def test_config_error_is_a_usage_error(tmp_path: Path) -> None:
    """A config problem exits with code 2 and keeps where/what/fix apart."""
    with pytest.raises(UsageError) as info:
        load(tmp_path, python(draft="true"))
    assert info.value.exit_code == 2
    assert isinstance(info.value, ConfigError)
    assert (info.value.where, info.value.what, info.value.fix) == (
        f"{NAME}: draft",
        "expected true or false, got 'true'",
        "write true without quotes",
    )


def test_invalid_utf8_is_located() -> None:
    """Bytes that are not UTF-8 are reported at their line and column."""
    with pytest.raises(
        ConfigError, match=r"^x\.json:2:9: invalid UTF-8 byte 0xff; save the file as UTF-8$"
    ):
        parse_config(b'{\n  "a": "\xff"}', "x.json")


def test_parse_config_reads_bytes() -> None:
    """parse_config takes the file's bytes (as read from a git tree) and a display name."""
    config, warnings = parse_config(
        b'{"release-type": "simple", "packages": {".": {}}}', "HEAD:cfg"
    )
    assert package(config, ".").config.release_type == "simple"
    assert warnings == []
    with pytest.raises(ConfigError, match=r"^HEAD:cfg:1:2: strings must use double quotes"):
        parse_config(b"{'packages': {}}", "HEAD:cfg")


def test_release_types_match_the_strategy_registry():
    """The release-types the config accepts are exactly the strategies that can build them."""
    assert tuple(STRATEGIES) == RELEASE_TYPES
