"""Property tests: the config and manifest readers fail only with ConfigError, on any input."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from releasegate.engine._json_source import loads_json
from releasegate.engine.config import ManifestConfig, parse_config
from releasegate.engine.manifest import parse_manifest
from releasegate.errors import ConfigError

if TYPE_CHECKING:
    from pathlib import Path

KEYS = [
    "packages",
    "release-type",
    "draft",
    "label",
    "extra-files",
    "plugins",
    "type",
    "path",
    "jsonpath",
]
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(
        [
            "",
            "python",
            "simple",
            "node",
            "true",
            "1.0.0",
            "a,b",
            "default",
            "json",
            "linked-versions",
            ".",
        ]
    )
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), inner, max_size=5)
    ),
    max_leaves=20,
)
BOOLEAN_KEYS = [
    "bump-minor-pre-major",
    "bump-patch-for-minor-pre-major",
    "prerelease",
    "skip-github-release",
    "skip-changelog",
    "draft",
    "force-tag-creation",
    "draft-pull-request",
    "include-component-in-tag",
    "include-v-in-tag",
    "include-v-in-release-name",
    "component-no-space",
    "separate-pull-requests",
    "include-commit-authors",
    "skip-snapshot",
    "always-link-local",
    "always-update",
    "sequential-calls",
]
STRING_KEYS = [
    "prerelease-type",
    "component",
    "package-name",
    "tag-separator",
    "pull-request-title-pattern",
    "pull-request-header",
    "pull-request-footer",
    "extra-label",
    "changelog-path",
    "changelog-host",
    "date-format",
    "version-file",
    "bootstrap-sha",
    "last-release-sha",
    "signoff",
    "group-pull-request-title-pattern",
    "label",
    "release-label",
    "snapshot-label",
]
TEXT = st.text(max_size=6)
EXTRA_FILE = st.one_of(
    TEXT,
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(["generic", "json", "toml", "yaml", "xml", "pom", "ini"]),
            "path": TEXT,
        },
        optional={"jsonpath": TEXT, "xpath": TEXT, "glob": st.booleans()},
    ),
)
PLUGIN = st.one_of(
    st.sampled_from(["sentence-case", "node-workspace", "linked-versions", "bogus"]),
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(
                ["linked-versions", "group-priority", "sentence-case", "cargo-workspace"]
            )
        },
        optional={
            "groupName": TEXT,
            "components": st.lists(TEXT, max_size=3),
            "groups": st.lists(TEXT, max_size=3),
            "specialWords": st.lists(TEXT, max_size=3),
            "merge": st.booleans(),
        },
    ),
)
PLAUSIBLE: dict[str, st.SearchStrategy[Any]] = {
    **{key: st.booleans() for key in BOOLEAN_KEYS},
    **dict.fromkeys(STRING_KEYS, TEXT),
    "release-type": st.sampled_from(["python", "simple", "node", "pyton"]),
    "versioning": st.sampled_from(["default", "always-bump-patch", "prerelease", "bogus"]),
    "changelog-type": st.sampled_from(["default", "github"]),
    "release-as": st.sampled_from(["", "1.2.3", "2.0"]),
    "initial-version": st.sampled_from(["", "0.1.0", "x"]),
    "changelog-sections": st.lists(
        st.fixed_dictionaries({"type": TEXT, "section": TEXT}, optional={"hidden": st.booleans()}),
        max_size=3,
    ),
    "extra-files": st.lists(EXTRA_FILE, max_size=3),
    "exclude-paths": st.lists(TEXT, max_size=3),
    "release-search-depth": st.integers(0, 1000),
    "commit-search-depth": st.integers(0, 1000),
    "commit-batch-size": st.integers(0, 100),
    "plugins": st.lists(PLUGIN, max_size=3),
}
# Mostly well-typed values, sometimes anything at all, so both success and error paths run.


def mostly(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Draw from ``good`` 19 times in 20, else any JSON value."""
    return st.integers(0, 19).flatmap(lambda n: JSON_VALUES if n == 0 else good)


OPTIONS = {key: mostly(good) for key, good in PLAUSIBLE.items()}
PACKAGE = st.fixed_dictionaries(
    {}, optional={k: v for k, v in OPTIONS.items() if k not in {"plugins", "label"}}
)
CONFIGS = st.fixed_dictionaries(
    {
        "release-type": st.sampled_from(["python", "simple"]),
        "packages": st.dictionaries(
            st.sampled_from([".", "a", "b/", "1"]), PACKAGE, min_size=1, max_size=3
        ),
    },
    optional={**{k: v for k, v in OPTIONS.items() if k != "release-type"}, "zzz": JSON_VALUES},
)
SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def load_bytes(tmp_path: Path, data: bytes) -> ManifestConfig | None:
    """Load ``data`` as a config: the config, or None after a one-line ConfigError."""
    del tmp_path  # the readers take bytes
    message = ""
    try:
        config, warnings = parse_config(data, "config.json")
    except ConfigError as exc:
        message = str(exc)
    else:
        assert all("\n" not in w for w in warnings)
        return config
    assert "\n" not in message
    return None


@SETTINGS
@given(st.binary(max_size=200))
def test_arbitrary_bytes(tmp_path: Path, data: bytes) -> None:
    """Any bytes either load or raise a one-line ConfigError."""
    load_bytes(tmp_path, data)


@SETTINGS
@given(st.text(alphabet="{}[],:\"' \n\\tfnu0123456789.-eE/aNI", max_size=60))
def test_json_like_text(tmp_path: Path, text: str) -> None:
    """Text made of JSON punctuation either loads or raises a one-line ConfigError."""
    load_bytes(tmp_path, text.encode())


@SETTINGS
@given(JSON_VALUES)
def test_arbitrary_json_values(tmp_path: Path, value: Any) -> None:
    """Any JSON document either loads or raises a one-line ConfigError."""
    load_bytes(tmp_path, json.dumps(value).encode())


@SETTINGS
@given(CONFIGS)
def test_config_shaped_documents(tmp_path: Path, value: dict[str, Any]) -> None:
    """Config-shaped documents with values of any type load or raise a one-line ConfigError."""
    config = load_bytes(tmp_path, json.dumps(value).encode())
    if config is not None:
        assert [p.path for p in config.packages] == sorted(
            value["packages"], key=lambda p: p != "1"
        )
        assert all(p.config.release_type in {"python", "simple"} for p in config.packages)


@SETTINGS
@given(st.binary(max_size=100) | JSON_VALUES.map(lambda v: json.dumps(v).encode()))
def test_manifest_reader(tmp_path: Path, data: bytes) -> None:
    """The manifest reader fails only with ConfigError, and returns strings when it succeeds."""
    del tmp_path  # the reader takes bytes
    try:
        versions = parse_manifest(data, "manifest.json")
    except ConfigError:
        return
    assert all(type(v) is str for v in versions.values())


@given(
    st.recursive(
        SCALARS,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
        ),
    )
)
def test_loads_json_round_trips(value: Any) -> None:
    """Whatever json.dumps writes, loads_json reads back unchanged."""
    assert loads_json(json.dumps(value).encode(), "x.json") == value
