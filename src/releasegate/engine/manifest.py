"""Read the versions manifest (``.release-please-manifest.json``): package path → version.

The manifest records the version each package last released, e.g. ``{".": "1.4.0"}``.
release-please parses each value with its loose version pattern (the first ``X.Y.Z`` with an
optional ``-pre`` and ``+build``), so ``"1.0.0rc1"`` counts as ``1.0.0``; a value with no
``X.Y.Z`` at all makes release-please fail, and here is a ConfigError. Values are returned as
written; parse them with :meth:`releasegate.engine.version.Version.parse`.

A configured package that has no entry here is allowed. release-please (``Manifest.
buildPullRequests``) then finds no release for it: the release search skips it ("Unable to find
expected version"), the tag backfill skips it ("No version for path"), so the run needs
bootstrapping (``bootstrap-sha`` applies, commits are collected up to ``commit-search-depth``)
and the package gets its first release: the strategy's initial version (python: 0.1.0; simple:
``initial-version``, default 1.0.0) from every commit that touches it. A version of ``0.0.0``
behaves the same unless a release tagged with version 0.0.0 exists. Entries for paths that are
not configured are ignored.
"""

from __future__ import annotations

import json

from releasegate.engine._json_source import describe_value, loads_json
from releasegate.engine.version import Version, VersionParseError
from releasegate.errors import ConfigError

__all__ = ["MANIFEST_FILE_NAME", "parse_manifest"]

#: release-please's default (``DEFAULT_RELEASE_PLEASE_MANIFEST``).
MANIFEST_FILE_NAME = ".release-please-manifest.json"


def parse_manifest(data: bytes, display: str) -> dict[str, str]:
    """Parse a manifest's bytes: a mapping of package path to version string.

    ``display`` names the file in messages. Raises ConfigError when the file is not JSON, not
    an object, or holds a value that is not a version string, e.g.
    ``.release-please-manifest.json: ".": expected a version string, got 1``.

    Keys keep the file's order except that, as in JavaScript, keys that look like array
    indices come first.
    """
    name = display
    document = loads_json(data, name)
    if not isinstance(document, dict):
        raise ConfigError(
            name,
            f"expected a JSON object of package path to version, got {describe_value(document)}",
            'write e.g. {".": "1.0.0"}',
        )
    versions: dict[str, str] = {}
    for key in document:  # already in JavaScript key order (json_parse)
        value = document[key]
        where = f"{name}: {json.dumps(key, ensure_ascii=False)}"
        if not isinstance(value, str):
            raise ConfigError(
                where,
                f"expected a version string, got {describe_value(value)}",
                'write it in quotes as X.Y.Z, e.g. "1.0.0"',
            )
        try:
            Version.parse(value)
        except VersionParseError:
            raise ConfigError(
                where,
                f"{value!r} is not a version",
                "write the last released version as X.Y.Z, e.g. '1.0.0'",
            ) from None
        versions[key] = value
    return versions
