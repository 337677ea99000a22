"""GenericJson: input file text → release-please 17.11.2's output (captured from its own updater)."""

from __future__ import annotations

import pytest

from releasegate.engine.updaters import UpdaterError
from releasegate.engine.updaters.generic_json import GenericJson
from releasegate.engine.version import Version

CASES = [
    pytest.param(
        GenericJson("$.version", Version.parse("1.2.3")),
        '{\n  "version": "1.0.0"\n}\n',
        '{\n  "version": "1.2.3"\n}\n',
        id="$.version",
    ),
    pytest.param(
        GenericJson("$.version", Version.parse("1.2.3")),
        '{\n    "name": "x",\n    "version": "v1.0.0-beta"\n}',
        '{\n    "name": "x",\n    "version": "v1.2.3"\n}',
        id="$.version-2",
    ),
    pytest.param(
        GenericJson("$.a.b", Version.parse("1.2.3")),
        '{"a":{"b":"1.0.0","c":[1,2.50,1e21,1e-7,123456789012345678901]}}\n',
        '{"a":{"b":"1.2.3","c":[1,2.5,1e+21,1e-7,123456789012345680000]}}\n',
        id="a-b-1.0.0-c-[1-2.50-1e21-1e-7-1234567890",
    ),
    pytest.param(
        GenericJson("$..version", Version.parse("1.2.3")),
        '{\n\t"a": {\n\t\t"version": "1.0.0"\n\t}\n}\n',
        '{\n\t"a": {\n\t\t"version": "1.2.3"\n\t}\n}\n',
        id="$..version",
    ),
    pytest.param(
        GenericJson("$.list[*].v", Version.parse("1.2.3")),
        '{\n  "list": [{"v": "1.0.0"}, {"v": "2.0.0"}]\n}\n',
        '{\n  "list": [\n    {\n      "v": "1.2.3"\n    },\n    {\n      "v": "1.2.3"\n    }\n  ]\n}\n',
        id="$.list[*].v",
    ),
    pytest.param(
        GenericJson("$.list[0]", Version.parse("1.2.3")),
        '{\n  "list": ["1.0.0", "x"]\n}\n',
        '{\n  "list": [\n    "1.2.3",\n    "x"\n  ]\n}\n',
        id="$.list[0]",
    ),
    pytest.param(
        GenericJson("$['a-b'].c", Version.parse("1.2.3")),
        '{\n  "a-b": {"c": "1.0.0"}\n}\n',
        '{\n  "a-b": {\n    "c": "1.2.3"\n  }\n}\n',
        id="$[-a-b-].c",
    ),
    pytest.param(
        GenericJson("$.version", Version.parse("1.2.3")),
        '{\n  "version": 1\n}\n',
        '{\n  "version": 1\n}\n',
        id="$.version-3",
    ),
    pytest.param(
        GenericJson("$.version", Version.parse("1.2.3")),
        '{\n  "version": "none"\n}\n',
        '{\n  "version": "none"\n}\n',
        id="$.version-4",
    ),
    pytest.param(
        GenericJson("$.x", Version.parse("1.2.3")),
        '{\n  "2": "a", "1": "b", "x": "1.0.0", "10": "c"\n}\n',
        '{\n  "1": "b",\n  "2": "a",\n  "10": "c",\n  "x": "1.2.3"\n}\n',
        id="$.x",
    ),
    pytest.param(
        GenericJson("$.version", Version.parse("1.2.3")),
        '{\n  "u": "café \u2028 \\u0001 \\ud83d\\ude00 \\"q\\" \\\\",\n  "version": "1.0.0"\n}\n',
        '{\n  "u": "café \u2028 \\u0001 😀 \\"q\\" \\\\",\n  "version": "1.2.3"\n}\n',
        id="$.version-5",
    ),
    pytest.param(
        GenericJson("$.a.b", Version.parse("1.2.3")),
        '{\n   "a": {\n      "b": "1.0.0"\n   }\n}\n',
        '{\n   "a": {\n      "b": "1.2.3"\n   }\n}\n',
        id="$.a.b",
    ),
    pytest.param(
        GenericJson("$.version", Version.parse("1.2.3")),
        '{\n  "e": {},\n  "f": [],\n  "n": null,\n  "t": true,\n  "version": "1.0.0"\n}\n',
        '{\n  "e": {},\n  "f": [],\n  "n": null,\n  "t": true,\n  "version": "1.2.3"\n}\n',
        id="$.version-6",
    ),
    pytest.param(
        GenericJson("$.a.version", Version.parse("1.2.3")),
        '{\n "a": {\n  "version": "1.0.0"\n }\n}\n',
        '{\n  "a": {\n    "version": "1.2.3"\n  }\n}\n',
        id="$.a.version",
    ),
    pytest.param(
        GenericJson("$.version", Version.parse("1.2.3")), '{"a":1}', '{"a":1}', id="a-1-$.version"
    ),
    pytest.param(
        GenericJson("$.*.version", Version.parse("1.2.3")),
        '{\n  "a": {"version": "1.0.0"}, "b": {"version": "1.0.0"}\n}\n',
        '{\n  "a": {\n    "version": "1.2.3"\n  },\n  "b": {\n    "version": "1.2.3"\n  }\n}\n',
        id="$.*.version",
    ),
    pytest.param(
        GenericJson("$.q", Version.parse("1.2.3")),
        '{\n  "x": -0, "y": 0.1, "z": 5e-324, "w": 1.7976931348623157e308, "v": 100, "u": 1.5e300\n}\n',
        '{\n  "x": 0,\n  "y": 0.1,\n  "z": 5e-324,\n  "w": 1.7976931348623157e+308,\n  "v": 100,\n  "u": 1.5e+300\n}\n',
        id="$.q",
    ),
    pytest.param(
        GenericJson("$.version", Version.parse("1.2.3")),
        '  {\n      "version": "1.0.0"\n  }\n',
        '  {\n      "version": "1.2.3"\n}\n',
        id="$.version-7",
    ),
]


@pytest.mark.parametrize(("updater", "content", "expected"), CASES)
def test_update_content(updater: GenericJson, content: str | None, expected: str) -> None:
    """GenericJson writes exactly what release-please writes."""
    assert updater.update_content(content) == expected


FAILURES = [
    pytest.param(
        GenericJson("$.version", Version.parse("1.2.3")),
        '// comment\n{\n  "version": "1.0.0"\n} // trailing\n',
        id="comment-$.version",
    ),  # release-please: Unexpected token '/', "// comment"... is not valid JSON
]


@pytest.mark.parametrize(("updater", "content"), FAILURES)
def test_update_content_fails(updater: GenericJson, content: str) -> None:
    """Where release-please throws (and fails the run), the updater raises UpdaterError."""
    with pytest.raises(UpdaterError):
        updater.update_content(content)
