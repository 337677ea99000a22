"""Tests for releasegate.engine._js: JavaScript string, key-order and JSON semantics."""

from __future__ import annotations

from typing import Any

import pytest

from releasegate.engine._js import (
    JS_WHITESPACE,
    JsonParseError,
    is_array_index,
    js_key_order,
    js_trim,
    json_parse,
)

# What node prints for every BMP code point String.prototype.trim strips:
# for (c = 0; c < 0x10000; c++) if ((String.fromCharCode(c) + "a").trim() === "a") ...
NODE_TRIM_TABLE = (
    "9 a b c d 20 a0 1680 2000 2001 2002 2003 2004 2005 2006 2007 2008 2009 200a 2028 2029 202f "
    "205f 3000 feff"
)


def test_whitespace_table_is_javascripts() -> None:
    """JS_WHITESPACE is exactly the set String.prototype.trim strips in node."""
    assert sorted(JS_WHITESPACE, key=ord) == [chr(int(c, 16)) for c in NODE_TRIM_TABLE.split()]


@pytest.mark.parametrize(
    ("text", "trimmed"),
    [
        # JavaScript strips these; Python's str.strip() keeps U+FEFF.
        ("\ufeffx\ufeff", "x"),
        ("\u00a0\u1680x\u2000\u200a", "x"),
        ("\u2028x\u2029", "x"),
        ("\u202f\u205f\u3000x", "x"),
        ("\t\n\v\f\r x", "x"),
        # Python's str.strip() strips these; JavaScript keeps them.
        ("\x1cx\x1f", "\x1cx\x1f"),
        ("\x85x", "\x85x"),
        ("\u200bx", "\u200bx"),  # ZERO WIDTH SPACE is not white space
        ("", ""),
    ],
)
def test_js_trim(text: str, trimmed: str) -> None:
    """js_trim strips what String.prototype.trim strips, and nothing else."""
    assert js_trim(text) == trimmed


@pytest.mark.parametrize(
    ("key", "index"),
    [
        ("0", True),
        ("4294967294", True),  # 2**32 - 2: the largest array index
        ("4294967295", False),  # 2**32 - 1 is an ordinary key
        ("9999999999", False),  # ten digits, above the limit
        ("01", False),  # not canonical
        ("00", False),
        ("-1", False),
        ("1.0", False),
        ("", False),
        ("\u0661", False),  # ARABIC-INDIC DIGIT ONE is a digit to Python, not to JavaScript
    ],
)
def test_is_array_index(key: str, *, index: bool) -> None:
    """Only canonical decimal integers below 2**32 - 1 are array indices."""
    assert is_array_index(key) is index


def test_js_key_order_matches_node() -> None:
    """Keys come out in the order node's Object.keys lists them."""
    keys = ["b", "4294967295", "4294967294", "10", "01", "2", "-1", "1.0"]
    # node -e 'o={}; for (k of keys) o[k]=1; console.log(Object.keys(o))'
    expected = ["2", "10", "4294967294", "b", "4294967295", "01", "-1", "1.0"]
    assert js_key_order(keys) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"b": 1, "1": 2, "a": 3}', {"1": 2.0, "b": 1.0, "a": 3.0}),
        ('{"a": 1, "a": 2}', {"a": 2.0}),  # the last value wins
        ("[1, 2.5, true, null]", [1.0, 2.5, True, None]),
    ],
)
def test_json_parse(text: str, value: Any) -> None:
    """json_parse returns JSON.parse's value, numbers as floats."""
    parsed = json_parse(text)
    assert parsed == value
    if isinstance(value, dict):
        assert list(parsed) == list(value)


def test_json_parse_exact_integers() -> None:
    """exact_integers keeps integer literals as int."""
    assert json_parse('{"n": 3}', exact_integers=True) == {"n": 3}
    assert type(json_parse("3", exact_integers=True)) is int


@pytest.mark.parametrize(
    ("text", "pos"),
    [
        ("NaN", None),
        ("[Infinity]", None),
        ("[1,]", 3),
        ("", 0),
        ("[" * 100_000, None),
    ],
    ids=["nan", "infinity", "trailing-comma", "empty", "deep"],
)
def test_json_parse_rejects(text: str, pos: int | None) -> None:
    """What JSON.parse rejects raises JsonParseError, located where the decoder knows where."""
    with pytest.raises(JsonParseError) as info:
        json_parse(text)
    assert info.value.pos == pos
