"""Tests for releasegate.engine.manifest: reading .release-please-manifest.json."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from releasegate.engine.manifest import MANIFEST_FILE_NAME, parse_manifest
from releasegate.errors import ConfigError

if TYPE_CHECKING:
    from pathlib import Path

NAME = MANIFEST_FILE_NAME


def load(tmp_path: Path, text: str) -> dict[str, str]:
    """Parse ``text`` as the manifest file."""
    del tmp_path  # kept so that every test reads the same way
    return parse_manifest(text.encode(), NAME)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{".": "1.2.3"}', {".": "1.2.3"}),
        ("{}", {}),
        (
            '{"a": "0.1.0", "b/c": "2.0.0-rc.1+build.5"}',
            {"a": "0.1.0", "b/c": "2.0.0-rc.1+build.5"},
        ),
        # release-please's loose pattern: the first X.Y.Z counts, values are kept as written
        ('{".": "1.0.0rc1"}', {".": "1.0.0rc1"}),
        ('{".": "v3.1.4"}', {".": "v3.1.4"}),
        ('{".": "0.0.0"}', {".": "0.0.0"}),
        # the last duplicate wins, as with JSON.parse
        ('{".": "1.0.0", ".": "2.0.0"}', {".": "2.0.0"}),
    ],
)
def test_load_manifest(text: str, expected: dict[str, str], tmp_path: Path) -> None:
    """Each package path maps to its version string as written."""
    assert load(tmp_path, text) == expected


def test_load_manifest_keeps_javascript_key_order(tmp_path: Path) -> None:
    """Array-index-like keys come first, as in the JavaScript object release-please reads."""
    versions = load(tmp_path, '{"b": "1.0.0", "7": "1.0.0", ".": "1.0.0", "3": "1.0.0"}')
    assert list(versions) == ["3", "7", "b", "."]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{".": 1}',
            f'{NAME}: ".": expected a version string, got 1; write it in quotes as X.Y.Z, e.g. "1.0.0"',
        ),
        (
            '{"pkg": null}',
            f'{NAME}: "pkg": expected a version string, got null; write it in quotes as X.Y.Z, e.g. "1.0.0"',
        ),
        (
            '{".": "1.0"}',
            f"{NAME}: \".\": '1.0' is not a version; write the last released version as X.Y.Z, e.g. '1.0.0'",
        ),
        (
            '{".": ""}',
            f"{NAME}: \".\": '' is not a version; write the last released version as X.Y.Z, e.g. '1.0.0'",
        ),
        (
            '["1.0.0"]',
            f'{NAME}: expected a JSON object of package path to version, got an array; write e.g. {{".": "1.0.0"}}',
        ),
        ('{".": "1.0.0",}', f"{NAME}:1:14: trailing comma in object; remove the ',' before '}}'"),
        ("", f"{NAME}:1:1: the file is empty; write a JSON object such as {{}}"),
    ],
)
def test_load_manifest_errors(text: str, message: str, tmp_path: Path) -> None:
    """A manifest release-please could not read fails with one located line."""
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    assert str(info.value) == message


def test_parse_manifest_reads_bytes() -> None:
    """parse_manifest takes the file's bytes (as read from a git tree) and a display name."""
    assert parse_manifest(b'{".": "1.0.0"}', "HEAD:m.json") == {".": "1.0.0"}
    with pytest.raises(
        ConfigError, match=r'^HEAD:m\.json: "\.": expected a version string, got true'
    ):
        parse_manifest(b'{".": true}', "HEAD:m.json")
