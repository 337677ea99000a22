"""ReleasePleaseManifest: input file text → release-please 17.11.2's output (captured from its own updater)."""

from __future__ import annotations

import pytest

from releasegate.engine.strategies.base import Update, merge_updates
from releasegate.engine.updaters.composite import CompositeUpdater
from releasegate.engine.updaters.release_please_manifest import ReleasePleaseManifest
from releasegate.engine.version import Version

CASES = [
    pytest.param(
        ReleasePleaseManifest(
            version=Version.parse("1.2.3"),
            versions_map={".": Version.parse("2.0.0"), "packages/a": Version.parse("0.2.0")},
        ),
        '{\n  ".": "1.0.0"\n}\n',
        '{\n  ".": "2.0.0",\n  "packages/a": "0.2.0"\n}\n',
        id="blank",
    ),
    pytest.param(
        ReleasePleaseManifest(
            version=Version.parse("1.2.3"),
            versions_map={".": Version.parse("2.0.0"), "packages/a": Version.parse("0.2.0")},
        ),
        '{\n    ".": "1.0.0",\n    "packages/a": "0.1.0"\n}',
        '{\n    ".": "2.0.0",\n    "packages/a": "0.2.0"\n}',
        id="blank-2",
    ),
    pytest.param(
        ReleasePleaseManifest(
            version=Version.parse("1.2.3"),
            versions_map={".": Version.parse("2.0.0"), "packages/a": Version.parse("0.2.0")},
        ),
        '{".":"1.0.0"}\n',
        '{".":"2.0.0","packages/a":"0.2.0"}\n',
        id=".-1.0.0",
    ),
    pytest.param(
        ReleasePleaseManifest(
            version=Version.parse("1.2.3"),
            versions_map={".": Version.parse("2.0.0"), "packages/a": Version.parse("0.2.0")},
        ),
        None,
        '{\n  ".": "2.0.0",\n  "packages/a": "0.2.0"\n}',
        id="missing",
    ),
    pytest.param(
        ReleasePleaseManifest(
            version=Version.parse("1.2.3"),
            versions_map={".": Version.parse("2.0.0"), "packages/a": Version.parse("0.2.0")},
        ),
        "{}\n",
        '{".":"2.0.0","packages/a":"0.2.0"}\n',
        id="blank-3",
    ),
    pytest.param(
        ReleasePleaseManifest(
            version=Version.parse("1.2.3"),
            versions_map={".": Version.parse("2.0.0"), "packages/a": Version.parse("0.2.0")},
        ),
        '{\n  "packages/b": "1.0.0",\n  "1": "x"\n}\n',
        '{\n  "1": "x",\n  "packages/b": "1.0.0",\n  ".": "2.0.0",\n  "packages/a": "0.2.0"\n}\n',
        id="blank-4",
    ),
    pytest.param(
        ReleasePleaseManifest(version=Version.parse("1.2.3"), versions_map={}),
        '{\n  ".": "1.0.0"\n}\n',
        '{\n  ".": "1.0.0"\n}\n',
        id="blank-5",
    ),
]


@pytest.mark.parametrize(("updater", "content", "expected"), CASES)
def test_update_content(updater: ReleasePleaseManifest, content: str | None, expected: str) -> None:
    """ReleasePleaseManifest writes exactly what release-please writes."""
    assert updater.update_content(content) == expected


@pytest.mark.parametrize(
    "content",
    [
        None,
        "{}",
        '{\n    ".": "0.9.0",\n    "b": "1.0.0"\n}\n',
        '  {"b": "1.0.0", "2": "0.1.0", "a": "3.0.0"}  \n',
        '{\n\t"x": "1.0.0",\n\t"10": "1.0.0"\n}',
    ],
    ids=["missing", "empty", "four-spaces", "one-line", "tabs"],
)
def test_merged_pr_writes_manifest_once(content: str | None) -> None:
    """A combined PR's manifest updaters fold into one giving the same bytes as one by one."""
    paths = ["b", "10", "a", "b", "pkg/x", "2"]
    updaters = [
        ReleasePleaseManifest(Version(1, 0, i), {p: Version(2, i, 0)}) for i, p in enumerate(paths)
    ]
    merged = merge_updates([Update(".release-please-manifest.json", (u,)) for u in updaters])
    assert len(merged) == 1
    assert len(merged[0].updaters) == 1
    one_by_one = CompositeUpdater(*updaters).update_content(content)
    assert CompositeUpdater(*merged[0].updaters).update_content(content) == one_by_one
