"""ReleasePleaseManifest: input file text → release-please 17.11.2's output (captured from its own updater)."""

from __future__ import annotations

import pytest

from releasegate.updaters.release_please_manifest import ReleasePleaseManifest
from releasegate.version import Version

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
