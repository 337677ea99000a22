"""SetupPy: input file text → release-please 17.11.2's output (captured from its own updater)."""

from __future__ import annotations

import pytest

from releasegate.engine.updaters.setup_py import SetupPy
from releasegate.engine.version import Version

CASES = [
    pytest.param(
        SetupPy(version=Version.parse("1.2.3")),
        'setup(\n    version="1.0.0",\n)\n',
        'setup(\n    version="1.2.3",\n)\n',
        id="setup",
    ),
    pytest.param(
        SetupPy(version=Version.parse("1.2.3")),
        "version='1.0.0'\nversion='2.0.0'\n",
        "version='1.2.3'\nversion='2.0.0'\n",
        id="version-1.0.0",
    ),
    pytest.param(
        SetupPy(version=Version.parse("1.2.3")),
        'version = "1.0.0-beta"\n',
        'version = "1.2.3"\n',
        id="version-1.0.0-beta",
    ),
    pytest.param(
        SetupPy(version=Version.parse("1.2.3")),
        'version = "1.0.0-beta.1"\n',
        'version = "1.0.0-beta.1"\n',
        id="version-1.0.0-beta.1",
    ),
    pytest.param(
        SetupPy(version=Version.parse("1.2.3")),
        'version="1.0.0.dev0"\n',
        'version="1.0.0.dev0"\n',
        id="version-1.0.0.dev0",
    ),
    pytest.param(
        SetupPy(version=Version.parse("1.2.3")),
        'version= "1.0.0"\n',
        'version= "1.2.3"\n',
        id="version-1.0.0-2",
    ),
    pytest.param(
        SetupPy(version=Version.parse("1.2.3")),
        'version  = "1.0.0"\n',
        'version  = "1.0.0"\n',
        id="version-1.0.0-3",
    ),
    pytest.param(
        SetupPy(version=Version.parse("1.2.3")),
        'VERSION="1.0.0"\n',
        'VERSION="1.0.0"\n',
        id="VERSION-1.0.0",
    ),
    pytest.param(
        SetupPy(version=Version.parse("1.2.3")),
        "version=\"1.0.0'\n",
        "version=\"1.2.3'\n",
        id="version-1.0.0-4",
    ),
    pytest.param(
        SetupPy(version=Version.parse("1.2.3")),
        "no version here\n",
        "no version here\n",
        id="no-version-here",
    ),
]


@pytest.mark.parametrize(("updater", "content", "expected"), CASES)
def test_update_content(updater: SetupPy, content: str | None, expected: str) -> None:
    """SetupPy writes exactly what release-please writes."""
    assert updater.update_content(content) == expected
