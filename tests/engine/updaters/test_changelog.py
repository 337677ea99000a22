"""Changelog: input file text → release-please 17.11.2's output (captured from its own updater)."""

from __future__ import annotations

import pytest

from releasegate.engine.updaters.changelog import Changelog
from releasegate.engine.version import Version

ENTRY = "## [1.2.3](https://x/compare/v1.0.0...v1.2.3) (2025-01-15)\n\n### Features\n\n* a thing"

CASES = [
    pytest.param(
        Changelog(version=Version.parse("1.2.3"), changelog_entry=ENTRY),
        None,
        "# Changelog\n\n## [1.2.3](https://x/compare/v1.0.0...v1.2.3) (2025-01-15)\n\n### Features\n\n* a thing\n",
        id="missing",
    ),
    pytest.param(
        Changelog(version=Version.parse("1.2.3"), changelog_entry=ENTRY),
        "",
        "# Changelog\n\n## [1.2.3](https://x/compare/v1.0.0...v1.2.3) (2025-01-15)\n\n### Features\n\n* a thing\n",
        id="blank",
    ),
    pytest.param(
        Changelog(version=Version.parse("1.2.3"), changelog_entry=ENTRY),
        "# Changelog\n\n## [1.0.0](x) (2024-01-01)\n\n* old\n",
        "# Changelog\n\n## [1.2.3](https://x/compare/v1.0.0...v1.2.3) (2025-01-15)\n\n### Features\n\n* a thing\n\n## [1.0.0](x) (2024-01-01)\n\n* old\n",
        id="Changelog",
    ),
    pytest.param(
        Changelog(version=Version.parse("1.2.3"), changelog_entry=ENTRY),
        "# Changelog\n\n### [1.0.1](x)\n\n* old\n",
        "# Changelog\n\n## [1.2.3](https://x/compare/v1.0.0...v1.2.3) (2025-01-15)\n\n### Features\n\n* a thing\n\n### [1.0.1](x)\n\n* old\n",
        id="Changelog-2",
    ),
    pytest.param(
        Changelog(version=Version.parse("1.2.3"), changelog_entry=ENTRY),
        "# Changelog\n\n## 1.0.0\n",
        "# Changelog\n\n## [1.2.3](https://x/compare/v1.0.0...v1.2.3) (2025-01-15)\n\n### Features\n\n* a thing\n\n## 1.0.0\n",
        id="Changelog-3",
    ),
    pytest.param(
        Changelog(version=Version.parse("1.2.3"), changelog_entry=ENTRY),
        "# My project\n\nSome text\n# Another\n",
        "# Changelog\n\n## [1.2.3](https://x/compare/v1.0.0...v1.2.3) (2025-01-15)\n\n### Features\n\n* a thing\n\n## My project\n\nSome text\n## Another\n",
        id="My-project",
    ),
    pytest.param(
        Changelog(version=Version.parse("1.2.3"), changelog_entry=ENTRY),
        "intro\n## v1.0.0\n",
        "intro\n## [1.2.3](https://x/compare/v1.0.0...v1.2.3) (2025-01-15)\n\n### Features\n\n* a thing\n\n## v1.0.0\n",
        id="intro",
    ),
    pytest.param(
        Changelog(version=Version.parse("1.2.3"), changelog_entry=ENTRY),
        "# Changelog\n",
        "# Changelog\n\n## [1.2.3](https://x/compare/v1.0.0...v1.2.3) (2025-01-15)\n\n### Features\n\n* a thing\n\n## Changelog\n",
        id="Changelog-4",
    ),
    pytest.param(
        Changelog(version=Version.parse("1.2.3"), changelog_entry=ENTRY),
        "\n\n# Changelog\n\n\n## 1.0.0\n\n\n",
        "# Changelog\n\n\n## [1.2.3](https://x/compare/v1.0.0...v1.2.3) (2025-01-15)\n\n### Features\n\n* a thing\n\n## 1.0.0\n",
        id="Changelog-5",
    ),
    pytest.param(
        Changelog(version=Version.parse("1.2.3"), changelog_entry=ENTRY),
        "## 1.0.0\n* a\n",
        "# Changelog\n\n## [1.2.3](https://x/compare/v1.0.0...v1.2.3) (2025-01-15)\n\n### Features\n\n* a thing\n\n## 1.0.0\n* a\n",
        id="1.0.0",
    ),
    pytest.param(
        Changelog(version=Version.parse("1.2.3"), changelog_entry=ENTRY),
        "# Changelog\r\n\r\n## 1.0.0\r\n* a\r\n",
        "# Changelog\r\n\r\n## [1.2.3](https://x/compare/v1.0.0...v1.2.3) (2025-01-15)\n\n### Features\n\n* a thing\n\n## 1.0.0\r\n* a\n",
        id="Changelog-6",
    ),
    pytest.param(
        Changelog(version=Version.parse("1.2.3"), changelog_entry=ENTRY),
        "#  Title\n#no\n\t# tab\n",
        "# Changelog\n\n## [1.2.3](https://x/compare/v1.0.0...v1.2.3) (2025-01-15)\n\n### Features\n\n* a thing\n\n##  Title\n#no\n\t# tab\n",
        id="Title",
    ),
    pytest.param(
        Changelog(version=Version.parse("1.2.3"), changelog_entry=ENTRY),
        "\ufeff# Changelog\n  \n",
        "# Changelog\n\n## [1.2.3](https://x/compare/v1.0.0...v1.2.3) (2025-01-15)\n\n### Features\n\n* a thing\n\n# Changelog\n",
        id="Changelog-7",
    ),
]


@pytest.mark.parametrize(("updater", "content", "expected"), CASES)
def test_update_content(updater: Changelog, content: str | None, expected: str) -> None:
    """Changelog writes exactly what release-please writes."""
    assert updater.update_content(content) == expected
