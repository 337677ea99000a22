"""PyProjectToml: input file text → release-please 17.11.2's output (captured from its own updater)."""

from __future__ import annotations

import pytest

from releasegate.engine.updaters import UpdaterError
from releasegate.engine.updaters.pyproject_toml import PyProjectToml
from releasegate.engine.version import Version

CASES = [
    pytest.param(
        PyProjectToml(version=Version.parse("1.2.3")),
        '[project]\nname = "x"\nversion = "1.0.0"\n',
        '[project]\nname = "x"\nversion = "1.2.3"\n',
        id="basic",
    ),
    pytest.param(
        PyProjectToml(version=Version.parse("1.2.3")),
        "[project]\nversion = '1.0.0' # c\n",
        '[project]\nversion = "1.2.3" # c\n',
        id="single",
    ),
    pytest.param(
        PyProjectToml(version=Version.parse("1.2.3")),
        '[project]\nname="x"\ndynamic = ["version"]\n',
        '[project]\nname="x"\ndynamic = ["version"]\n',
        id="dynamic",
    ),
    pytest.param(
        PyProjectToml(version=Version.parse("1.2.3")),
        '[tool.poetry]\nname = "x"\nversion = "0.1.0"\n',
        '[tool.poetry]\nname = "x"\nversion = "1.2.3"\n',
        id="poetry",
    ),
    pytest.param(
        PyProjectToml(version=Version.parse("1.2.3")),
        '[project]\nname="x"\ndynamic=["version"]\n[tool.poetry]\nversion="1.0.0"\n',
        '[project]\nname="x"\ndynamic=["version"]\n[tool.poetry]\nversion="1.0.0"\n',
        id="dyn+poetry",
    ),
    pytest.param(
        PyProjectToml(version=Version.parse("1.2.3")),
        '[project]\nversion = "1.0.0"\n\n[project.urls]\nHome = "x"\n[tool.poetry]\nversion = "9.9.9"\n',
        '[project]\nversion = "1.2.3"\n\n[project.urls]\nHome = "x"\n[tool.poetry]\nversion = "9.9.9"\n',
        id="both",
    ),
    pytest.param(
        PyProjectToml(version=Version.parse("1.2.3")),
        'project = {name = "x", version = "1.0.0"}\n',
        'project = {name = "x", version = "1.2.3"}\n',
        id="inline",
    ),
    pytest.param(
        PyProjectToml(version=Version.parse("1.2.3")),
        '[project]\r\nversion = "1.0.0"\r\n',
        '[project]\r\nversion = "1.2.3"\r\n',
        id="crlf",
    ),
    pytest.param(
        PyProjectToml(version=Version.parse("1.2.3")),
        '[project]\n  version   =   "1.0.0"   # pinned\n',
        '[project]\n  version   =   "1.2.3"   # pinned\n',
        id="spaces",
    ),
    pytest.param(
        PyProjectToml(version=Version.parse("1.2.3")),
        '[project]\ndynamic = "version"\n',
        '[project]\ndynamic = "version"\n',
        id="dyn string",
    ),
]


@pytest.mark.parametrize(("updater", "content", "expected"), CASES)
def test_update_content(updater: PyProjectToml, content: str | None, expected: str) -> None:
    """PyProjectToml writes exactly what release-please writes."""
    assert updater.update_content(content) == expected


FAILURES = [
    pytest.param(
        PyProjectToml(version=Version.parse("1.2.3")), '[project]\nname = "x"\n', id="noversion"
    ),  # release-please: invalid file
    pytest.param(
        PyProjectToml(version=Version.parse("1.2.3")),
        '[project]\nname="x"\n[tool.poetry]\nversion="1.0.0"\n',
        id="project-without-version-poetry",
    ),  # release-please: invalid file
    pytest.param(
        PyProjectToml(version=Version.parse("1.2.3")),
        "[tool.black]\nline-length = 88\n",
        id="no tables",
    ),  # release-please: invalid file
    pytest.param(
        PyProjectToml(version=Version.parse("1.2.3")), "[project\n", id="invalid"
    ),  # release-please: Unexpected character, expected whitespace, . or ] at row 1,
    pytest.param(
        PyProjectToml(version=Version.parse("1.2.3")),
        '[project]\nversion = """1.0.0"""\nname = "x"\n',
        id="multiline",
    ),  # release-please: After replacing value, result is not valid TOML: TomlError:
    pytest.param(
        PyProjectToml(version=Version.parse("1.2.3")), '[project]\nversion = ""\n', id="empty"
    ),  # release-please: invalid file
    pytest.param(
        PyProjectToml(version=Version.parse("1.2.3")),
        '[project]\nversion = "1.0.0"\nversion = "2.0.0"\n',
        id="dup",
    ),  # release-please: Can't redefine existing key at row 3, col 18, pos 46:
    pytest.param(
        PyProjectToml(version=Version.parse("1.2.3")), "[project]\nversion = 1\n", id="number"
    ),  # release-please: path not found in object: project.version
]


@pytest.mark.parametrize(("updater", "content"), FAILURES)
def test_update_content_fails(updater: PyProjectToml, content: str) -> None:
    """Where release-please throws (and fails the run), the updater raises UpdaterError."""
    with pytest.raises(UpdaterError):
        updater.update_content(content)
