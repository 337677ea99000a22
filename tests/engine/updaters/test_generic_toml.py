"""GenericToml: input file text → release-please 17.11.2's output (captured from its own updater)."""

from __future__ import annotations

import pytest

from releasegate.engine.updaters import UpdaterError
from releasegate.engine.updaters.generic_toml import GenericToml
from releasegate.engine.version import Version

CASES = [
    pytest.param(
        GenericToml("$.package.version", Version.parse("1.2.3")),
        '[package]\nversion = "1.0.0"\n',
        '[package]\nversion = "1.2.3"\n',
        id="[package]-$.package.version",
    ),
    pytest.param(
        GenericToml("$.package.version", Version.parse("1.2.3")),
        "[package]\nversion = '1.0.0' # keep\nname = 'x'\n",
        "[package]\nversion = \"1.2.3\" # keep\nname = 'x'\n",
        id="[package]-$.package.version-2",
    ),
    pytest.param(
        GenericToml("$.workspace.package.version", Version.parse("1.2.3")),
        '[workspace.package]\nversion = "1.0.0"\n',
        '[workspace.package]\nversion = "1.2.3"\n',
        id="[workspace.package]-$.workspace.package.",
    ),
    pytest.param(
        GenericToml("$.bin[*].version", Version.parse("1.2.3")),
        '[[bin]]\nversion = "1.0.0"\n[[bin]]\nversion = "2.0.0"\n',
        '[[bin]]\nversion = "1.2.3"\n[[bin]]\nversion = "1.2.3"\n',
        id="[[bin]]-$.bin[*].version",
    ),
    pytest.param(
        GenericToml("$.a.b.version", Version.parse("1.2.3")),
        '[a]\nb = {version = "1.0.0", x = 1}\n',
        '[a]\nb = {version = "1.2.3", x = 1}\n',
        id="[a]-$.a.b.version",
    ),
    pytest.param(
        GenericToml("$.a.v[1]", Version.parse("1.2.3")),
        '[a]\nv = ["1.0.0", "2.0.0"]\n',
        '[a]\nv = ["1.0.0", "1.2.3"]\n',
        id="[a]-$.a.v[1]",
    ),
    pytest.param(
        GenericToml("$.a", Version.parse("1.2.3")), "invalid = \n", "invalid = \n", id="invalid-$.a"
    ),
    pytest.param(
        GenericToml("$.a.version", Version.parse("1.2.3")),
        '[a]\nx = "1"\n',
        '[a]\nx = "1"\n',
        id="[a]-$.a.version",
    ),
    pytest.param(
        GenericToml("$.a.b.version", Version.parse("1.2.3")),
        'a.b.version = "1.0.0"\n',
        'a.b.version = "1.2.3"\n',
        id="a.b.version-1.0.0-$.a.b.version",
    ),
    pytest.param(
        GenericToml("$.a.version", Version.parse("1.2.3")),
        "[a]\nversion = true\n",
        '[a]\nversion = "1.2.3"\n',
        id="[a]-$.a.version-2",
    ),
    pytest.param(
        GenericToml("$..version", Version.parse("1.2.3")),
        '[x]\nversion = "1.0.0"\n[y]\nversion = "1.0.0"\n',
        '[x]\nversion = "1.2.3"\n[y]\nversion = "1.2.3"\n',
        id="[x]-$..version",
    ),
    pytest.param(
        GenericToml("$['quoted key']", Version.parse("1.2.3")),
        '"quoted key" = "1.0.0"\n',
        '"quoted key" = "1.2.3"\n',
        id="quoted-key-1.0.0-$[-quoted-key-]",
    ),
    pytest.param(
        GenericToml("$.a.version", Version.parse("1.2.3")),
        '[a]\nversion = "1.0.0"\r\n',
        '[a]\nversion = "1.2.3"\r\n',
        id="[a]-$.a.version-3",
    ),
    pytest.param(
        GenericToml("$.a.v", Version.parse("1.2.3")),
        '[a]\nv = "x"\n[a]\nw = "y"\n',
        '[a]\nv = "x"\n[a]\nw = "y"\n',
        id="[a]-$.a.v",
    ),
]


@pytest.mark.parametrize(("updater", "content", "expected"), CASES)
def test_update_content(updater: GenericToml, content: str | None, expected: str) -> None:
    """GenericToml writes exactly what release-please writes."""
    assert updater.update_content(content) == expected


FAILURES = [
    pytest.param(
        GenericToml("$.a.version", Version.parse("1.2.3")),
        "[a]\nversion = 1\n",
        id="[a]-$.a.version-4",
    ),  # release-please: path not found in object: a.version
    pytest.param(
        GenericToml("$.a.version", Version.parse("1.2.3")),
        '[a]\nversion = """\n1.0.0"""\nz = 1\n',
        id="[a]-$.a.version-5",
    ),  # release-please: After replacing value, result is not valid TOML: TomlError:
    pytest.param(
        GenericToml("$.a.d", Version.parse("1.2.3")), "[a]\nd = 1979-05-27\n", id="[a]-$.a.d"
    ),  # release-please: value at path a.d is not tagged
    pytest.param(
        GenericToml("$.a.*", Version.parse("1.2.3")),
        '[a]\nv = "1.0.0"\n[a.b]\nv = "2.0.0"\n',
        id="[a]-$.a.*",
    ),  # release-please: value at path a.b is not tagged
]


@pytest.mark.parametrize(("updater", "content"), FAILURES)
def test_update_content_fails(updater: GenericToml, content: str) -> None:
    """Where release-please throws (and fails the run), the updater raises UpdaterError."""
    with pytest.raises(UpdaterError):
        updater.update_content(content)
