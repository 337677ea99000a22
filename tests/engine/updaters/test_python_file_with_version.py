"""PythonFileWithVersion: input file text → release-please 17.11.2's output (captured from its own updater)."""

from __future__ import annotations

import pytest

from releasegate.engine.updaters.python_file_with_version import PythonFileWithVersion
from releasegate.engine.version import Version

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


# --- structured (ast) mode: any [tool.releasegate] option beyond release-please -------------

PEP440_NEXT = Version.parse("2.0.0rc1", "pep440")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('__version__ = "1.0.0"\n', '__version__ = "2.0.0rc1"\n'),
        ("__version__ = '1.3.0a1'\n", "__version__ = '2.0.0rc1'\n"),
        ('__version__: str = "1.2.3"\n', '__version__: str = "2.0.0rc1"\n'),
        (
            '__version__: Final[str] = "1.0.0.post1"  # note\n',
            '__version__: Final[str] = "2.0.0rc1"  # note\n',
        ),
        ('__version__ = """1.0.0"""\n', '__version__ = """2.0.0rc1"""\n'),
        ('__version__ = u"1.0.0"\n', '__version__ = u"2.0.0rc1"\n'),
        ('__version__ = (\n    "1.0.0"\n)\n', '__version__ = (\n    "2.0.0rc1"\n)\n'),
        ('# é\nx = "é"; __version__ = "1.0.0"\n', '# é\nx = "é"; __version__ = "2.0.0rc1"\n'),
        (
            'try:\n    __version__ = "1.0.0"\nexcept E:\n    pass\n',
            'try:\n    __version__ = "2.0.0rc1"\nexcept E:\n    pass\n',
        ),
        ('__version__ = "1.0.0"\r\nx = 1\r\n', '__version__ = "2.0.0rc1"\r\nx = 1\r\n'),
        # not a string literal, or no such name: unchanged
        ("__version__ = get_version()\n", "__version__ = get_version()\n"),
        ('__version__ = f"{x}"\n', '__version__ = f"{x}"\n'),
        ('version = "1.0.0"\n', 'version = "1.0.0"\n'),
        ("def f(:\n", "def f(:\n"),
    ],
    ids=[
        "plain",
        "single-quotes-prerelease",
        "annotated",
        "final-annotation",
        "triple-quotes",
        "u-prefix",
        "parenthesised",
        "non-ascii-before",
        "in-try",
        "crlf",
        "call",
        "f-string",
        "other-name",
        "invalid-python",
    ],
)
def test_structured_update(content: str, expected: str):
    """The literal assigned to __version__ is replaced in place, quotes and layout kept."""
    updater = PythonFileWithVersion(version=PEP440_NEXT, structured=True)
    assert updater.update_content(content) == expected


def test_structured_names_first_found_wins():
    """With several names, the first one in ``names`` that the file assigns is updated."""
    updater = PythonFileWithVersion(
        version=Version(2, 0, 0), structured=True, names=("__version__", "VERSION")
    )
    assert updater.update_content('VERSION = "1.0.0"\n') == 'VERSION = "2.0.0"\n'
