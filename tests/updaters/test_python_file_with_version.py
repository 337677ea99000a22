"""PythonFileWithVersion: input file text → release-please 17.11.2's output (captured from its own updater)."""

from __future__ import annotations

import pytest

from releasegate.updaters.python_file_with_version import PythonFileWithVersion
from releasegate.version import Version

CASES = [
    pytest.param(
        PythonFileWithVersion(version=Version.parse("1.2.3")),
        '__version__ = "1.0.0"\n',
        '__version__ = "1.2.3"\n',
        id="__version__-1.0.0",
    ),
    pytest.param(
        PythonFileWithVersion(version=Version.parse("1.2.3")),
        "__version__='1.0.0'\n",
        "__version__='1.2.3'\n",
        id="__version__-1.0.0-2",
    ),
    pytest.param(
        PythonFileWithVersion(version=Version.parse("1.2.3")),
        '__version__: str = "1.0.0"\n',
        '__version__: str = "1.0.0"\n',
        id="__version__-str-1.0.0",
    ),
    pytest.param(
        PythonFileWithVersion(version=Version.parse("1.2.3")),
        '__version__ = "1.0.0-alpha"\n',
        '__version__ = "1.2.3"\n',
        id="__version__-1.0.0-alpha",
    ),
    pytest.param(
        PythonFileWithVersion(version=Version.parse("1.2.3")),
        'x = 1\n__version__ = "0.1.0"  # comment\n__version__ = "0.1.0"\n',
        'x = 1\n__version__ = "1.2.3"  # comment\n__version__ = "0.1.0"\n',
        id="x-1",
    ),
    pytest.param(
        PythonFileWithVersion(version=Version.parse("1.2.3")),
        '__version__ = "1.0"\n',
        '__version__ = "1.0"\n',
        id="__version__-1.0",
    ),
]


@pytest.mark.parametrize(("updater", "content", "expected"), CASES)
def test_update_content(updater: PythonFileWithVersion, content: str | None, expected: str) -> None:
    """PythonFileWithVersion writes exactly what release-please writes."""
    assert updater.update_content(content) == expected
