"""GenericYaml: input file text → release-please 17.11.2's output (captured from its own updater)."""

from __future__ import annotations

import pytest

from releasegate.engine.updaters.generic_yaml import GenericYaml
from releasegate.engine.version import Version

CASES = [
    pytest.param(
        GenericYaml("$.version", Version.parse("1.2.3")),
        "version: 1.0.0\n",
        "version: 1.2.3\n",
        id="version-1.0.0-$.version",
    ),
    pytest.param(
        GenericYaml("$.version", Version.parse("1.2.3")),
        "# comment\nname: 'x'\nversion: \"1.0.0\" # c\n",
        "name: x\nversion: 1.2.3\n",
        id="comment-$.version",
    ),
    pytest.param(
        GenericYaml("$.a.b.version", Version.parse("1.2.3")),
        "a:\n  b:\n    version: 1.0.0\n  list:\n    - 1\n    - two\n    - {x: 1}\n",
        "a:\n  b:\n    version: 1.2.3\n  list:\n    - 1\n    - two\n    - x: 1\n",
        id="a-$.a.b.version",
    ),
    pytest.param(
        GenericYaml("$.version", Version.parse("1.2.3")),
        'version: 1.0.0\ndate: 2024-01-01\nts: 2024-01-01 10:00:00 +02:00\nf: 1.50\ni: 0x1F\no: 0o17\nn: ~\nb: yes\nt: True\ne: ""\ns: "true"\nq: "1.0"\nz: 1e3\ninf: .inf\nneg: -.INF\nnan: .NaN\nnz: -0.0\nbig: 12345678901234567890\n',
        "version: 1.2.3\ndate: 2024-01-01T00:00:00.000Z\nts: 2024-01-01T08:00:00.000Z\nf: 1.5\ni: 31\no: 15\n'n': null\nb: 'yes'\nt: true\ne: ''\ns: 'true'\nq: '1.0'\nz: 1000\ninf: .inf\nneg: -.inf\nnan: .nan\nnz: -0.0\nbig: 12345678901234567000\n",
        id="version-1.0.0-$.version-2",
    ),
    pytest.param(
        GenericYaml("$.version", Version.parse("1.2.3")),
        "version: 1.0.0\n---\nversion: 2.0.0\nother: x\n",
        "---\nversion: 1.2.3\n---\nversion: 1.2.3\nother: x\n",
        id="version-1.0.0-$.version-3",
    ),
    pytest.param(
        GenericYaml("$.version", Version.parse("1.2.3")),
        "---\nversion: 1.0.0\n",
        "version: 1.2.3\n",
        id="$.version",
    ),
    pytest.param(
        GenericYaml("$.version", Version.parse("1.2.3")),
        "version: 1\n",
        "version: 1\n",
        id="version-1-$.version",
    ),
    pytest.param(GenericYaml("$.a", Version.parse("1.2.3")), "a: [\n", "a: [\n", id="a-[-$.a"),
    pytest.param(
        GenericYaml("$.version", Version.parse("1.2.3")),
        'version: 1.0.0\ndesc: "This is a very long description that goes on and on and on past the eighty character limit of js-yaml"\n',
        "version: 1.2.3\ndesc: >-\n  This is a very long description that goes on and on and on past the eighty\n  character limit of js-yaml\n",
        id="version-1.0.0-$.version-4",
    ),
    pytest.param(
        GenericYaml("$.version", Version.parse("1.2.3")),
        'version: 1.0.0\nscript: |\n  echo hi\n  echo there\nkeep: |+\n  x\n\nstrip: |-\n  y\nlead: "  spaced"\nml: "a\\n  b"\n',
        "version: 1.2.3\nscript: |\n  echo hi\n  echo there\nkeep: |+\n  x\n\nstrip: 'y'\nlead: '  spaced'\nml: |-\n  a\n    b\n",
        id="version-1.0.0-$.version-5",
    ),
    pytest.param(
        GenericYaml("$.version", Version.parse("1.2.3")),
        'version: 1.0.0\nspecial: ["a: b", "#c", "d #e", "- f", "g:", "@h", "it\'s", "x,y", "[z]", "tab\\there", "uni\\u00e9", "bell\\a", "nul\\0", "\\u2028", " lead", "trail "]\n',
        "version: 1.2.3\nspecial:\n  - 'a: b'\n  - '#c'\n  - 'd #e'\n  - '- f'\n  - 'g:'\n  - '@h'\n  - it's\n  - x,y\n  - '[z]'\n  - \"tab\\there\"\n  - unié\n  - \"bell\\a\"\n  - \"nul\\0\"\n  - \"\\L\"\n  - ' lead'\n  - 'trail '\n",
        id="version-1.0.0-$.version-6",
    ),
    pytest.param(
        GenericYaml("$.base.version", Version.parse("1.2.3")),
        "base: &b\n  version: 1.0.0\n  x: 1\nderived:\n  <<: *b\n  y: 2\nref: *b\n",
        "base: &ref_0\n  version: 1.2.3\n  x: 1\nderived:\n  version: 1.0.0\n  x: 1\n  'y': 2\nref: *ref_0\n",
        id="base-b-$.base.version",
    ),
    pytest.param(
        GenericYaml("$.items[*].version", Version.parse("1.2.3")),
        "items:\n  - name: a\n    version: 1.0.0\n  - name: b\n    version: 1.0.0\n",
        "items:\n  - name: a\n    version: 1.2.3\n  - name: b\n    version: 1.2.3\n",
        id="items-$.items[*].version",
    ),
    pytest.param(
        GenericYaml("$.version", Version.parse("1.2.3")),
        'version: 1.0.0\n"1": one\n2: two\ntrue: t\nnull: n\n? complex\n: v\n',
        "'1': one\n'2': two\nversion: 1.2.3\n'true': t\n'null': 'n'\ncomplex: v\n",
        id="version-1.0.0-$.version-7",
    ),
    pytest.param(
        GenericYaml("$[0].version", Version.parse("1.2.3")),
        "- version: 1.0.0\n- - a\n  - b\n- []\n- {}\n",
        "- version: 1.2.3\n- - a\n  - b\n- []\n- {}\n",
        id="version-1.0.0-$[0].version",
    ),
    pytest.param(
        GenericYaml("$..version", Version.parse("1.2.3")),
        "version: 1.0.0\nempty_map: {}\nempty_list: []\nnested: [[1, 2], [3]]\n",
        "version: 1.2.3\nempty_map: {}\nempty_list: []\nnested:\n  - - 1\n    - 2\n  - - 3\n",
        id="version-1.0.0-$..version",
    ),
    pytest.param(
        GenericYaml("$.version", Version.parse("1.2.3")),
        'version: 1.0.0\nkey with spaces: v\n"quoted:key": v\n"": empty\n',
        "version: 1.2.3\nkey with spaces: v\nquoted:key: v\n'': empty\n",
        id="version-1.0.0-$.version-8",
    ),
    pytest.param(
        GenericYaml("$.version", Version.parse("1.2.3")),
        'version: 1.0.0\nlong: "word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word end"\n',
        "version: 1.2.3\nlong: >-\n  word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word word end\n",
        id="version-1.0.0-$.version-9",
    ),
    pytest.param(
        GenericYaml("$.version", Version.parse("1.2.3")),
        'version: 1.0.0\nmultiline_long: "word word word word word word word word word word word word word word word word word word word word word word word word word \\nshort\\n\\nx x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x "\n',
        "version: 1.2.3\nmultiline_long: >-\n  word word word word word word word word word word word word word word word\n  word word word word word word word word word word \n\n  short\n\n\n  x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x\n  x x x x x x x x x x x \n",
        id="version-1.0.0-$.version-10",
    ),
    pytest.param(
        GenericYaml("$.version", Version.parse("1.2.3")),
        "version: !!str 1.0.0\n",
        "version: 1.2.3\n",
        id="version-str-1.0.0-$.version",
    ),
    pytest.param(
        GenericYaml("$.version", Version.parse("1.2.3")),
        "version: !custom 1.0.0\n",
        "version: !custom 1.0.0\n",
        id="version-custom-1.0.0-$.version",
    ),
    pytest.param(
        GenericYaml("$.appVersion", Version.parse("1.2.3")),
        'apiVersion: v2\nname: chart\nversion: 0.1.0\nappVersion: "1.16.0"\n',
        "apiVersion: v2\nname: chart\nversion: 0.1.0\nappVersion: 1.2.3\n",
        id="apiVersion-v2-$.appVersion",
    ),
    pytest.param(
        GenericYaml("$.version", Version.parse("1.2.3")),
        "version: 1.0.0\nwhen: 2024-01-01T10:00:00.123456Z\nv: 0777\nw: 1_000\nx: +12\ny: .5\n",
        "version: 1.2.3\nwhen: 2024-01-01T10:00:00.123Z\nv: 777\nw: 1_000\nx: 12\n'y': 0.5\n",
        id="version-1.0.0-$.version-11",
    ),
]


@pytest.mark.parametrize(("updater", "content", "expected"), CASES)
def test_update_content(updater: GenericYaml, content: str | None, expected: str) -> None:
    """GenericYaml writes exactly what release-please writes."""
    assert updater.update_content(content) == expected
