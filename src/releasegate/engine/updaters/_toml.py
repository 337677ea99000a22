"""Locate TOML values by position, as release-please's ``replaceTomlValue`` does.

release-please parses TOML with a tagged variant of ``@iarna/toml``'s parser that remembers where
each string, boolean, ``inf`` and ``nan`` value starts and ends, then splices the new value in as
a JSON string. Numbers, dates, arrays and tables are not tagged, so they cannot be replaced. The
end of a multi-line string is one character past its closing quotes (a quirk kept here: it eats
the character after them).

The document is first checked with tomlkit, so invalid TOML is rejected as a whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import tomlkit
import tomlkit.exceptions

from releasegate.engine._js import json_stringify

__all__ = [
    "Opaque",
    "Tagged",
    "TomlEditError",
    "parse_tagged",
    "remember_valid_toml",
    "replace_toml_value",
]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_WS = re.compile(r"[ \t]*")
_SKIP = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")
_LINE_END = re.compile(r"[ \t]*(?:#[^\n]*)?(?:\r?\n|\Z)")
_ATOM = re.compile(r"[^ \t\r\n,\]}#]+(?: \d\d:\d\d[^ \t\r\n,\]}#]*)?")
_TAGGED_ATOM = re.compile(r"(?:true|false|[+-]?inf|[+-]?nan)(?![^ \t\r\n,\]}#])")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|[ \t]*\r?\n[ \t\r\n]*|(.))")


class TomlEditError(ValueError):
    """The TOML cannot be parsed, or the value at the path cannot be replaced."""


@dataclass(frozen=True, slots=True)
class Tagged:
    """A replaceable value: its decoded ``value`` and its ``start``/``end`` offsets."""

    value: Any
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Opaque:
    """A number, date or time: present, but not replaceable (its source text is kept)."""

    text: str


def _unescape(raw: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match[1] or match[2]:
            return chr(int(match[1] or match[2], 16))
        if match[3] is not None:
            return _ESCAPES.get(match[3], match[3])
        return ""  # a line-ending backslash trims the following whitespace

    return _ESCAPE.sub(one, raw)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.root: dict[str, Any] = {}

    def fail(self, what: str) -> TomlEditError:
        line = self.text.count("\n", 0, self.pos) + 1
        return TomlEditError(f"line {line}: {what}")

    def skip(self, pattern: re.Pattern[str] = _SKIP) -> None:
        match = pattern.match(self.text, self.pos)
        if match:
            self.pos = match.end()

    def parse(self) -> dict[str, Any]:
        table = self.root
        while True:
            self.skip()
            if self.pos >= len(self.text):
                return self.root
            if self.text.startswith("[[", self.pos):
                self.pos += 2
                table = self.header(array=True)
            elif self.text[self.pos] == "[":
                self.pos += 1
                table = self.header(array=False)
            else:
                self.key_value(table)
            match = _LINE_END.match(self.text, self.pos)
            if match is None:
                raise self.fail("expected the end of the line")
            self.pos = match.end()

    def header(self, *, array: bool) -> dict[str, Any]:
        keys = self.keys()
        closing = "]]" if array else "]"
        if not self.text.startswith(closing, self.pos):
            raise self.fail(f"expected {closing!r}")
        self.pos += len(closing)
        node = self.root
        for key in keys[:-1]:
            child = node.setdefault(key, {})
            node = child[-1] if isinstance(child, list) else child
        last = keys[-1]
        table: dict[str, Any] = {}
        if array:
            node.setdefault(last, []).append(table)
            return table
        child = node.setdefault(last, table)
        if isinstance(child, list):
            child = child[-1]
        if not isinstance(child, dict):
            raise self.fail(f"{last!r} is already a value, not a table")
        return child

    def keys(self) -> list[str]:
        keys = []
        while True:
            self.skip(_WS)
            keys.append(self.key())
            self.skip(_WS)
            if not self.text.startswith(".", self.pos):
                return keys
            self.pos += 1

    def key(self) -> str:
        char = self.text[self.pos : self.pos + 1]
        if char in {'"', "'"}:
            return str(self.string(char, multi=False).value)
        match = _BARE_KEY.match(self.text, self.pos)
        if match is None:
            raise self.fail("expected a key")
        self.pos = match.end()
        return match.group()

    def key_value(self, table: dict[str, Any]) -> None:
        keys = self.keys()
        if not self.text.startswith("=", self.pos):
            raise self.fail("expected '='")
        self.pos += 1
        self.skip(_WS)
        for key in keys[:-1]:
            table = table.setdefault(key, {})
        table[keys[-1]] = self.value()

    def value(self) -> Any:
        text, start = self.text, self.pos
        for quote, multi in (('"""', True), ("'''", True), ('"', False), ("'", False)):
            if text.startswith(quote, start):
                return self.string(quote, multi=multi)
        if text.startswith("[", start):
            return self.array()
        if text.startswith("{", start):
            return self.inline_table()
        match = _TAGGED_ATOM.match(text, start)
        if match:
            self.pos = match.end()
            word = match.group()
            value = word == "true" if word in {"true", "false"} else float(word)
            return Tagged(value, start, self.pos)
        match = _ATOM.match(text, start)
        if match is None:
            raise self.fail("expected a value")
        self.pos = match.end()
        return Opaque(match.group())

    def string(self, quote: str, *, multi: bool) -> Tagged:
        start = self.pos
        body_start = start + len(quote)
        if quote[0] == '"':
            pattern = r'((?:[^"\\]|\\.|"(?!""))*?)"""(""?)?' if multi else r'((?:[^"\\\n]|\\.)*)"'
        else:
            pattern = r"([\s\S]*?)'''(''?)?" if multi else r"([^'\n]*)'"
        match = re.compile(pattern, re.DOTALL).match(self.text, body_start)
        if match is None:
            raise self.fail("unterminated string")
        raw = match[1] + (match[2] or "" if multi else "")
        if multi and raw.startswith(("\n", "\r\n")):
            raw = raw[1:] if raw[0] == "\n" else raw[2:]
        value = _unescape(raw) if quote[0] == '"' else raw
        self.pos = match.end()
        # iarna's parser reports a multi-line string's end one character late
        return Tagged(value, start, self.pos + 1 if multi else self.pos)

    def array(self) -> list[Any]:
        self.pos += 1
        items: list[Any] = []
        while True:
            self.skip()
            if self.text.startswith("]", self.pos):
                self.pos += 1
                return items
            items.append(self.value())
            self.skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif not self.text.startswith("]", self.pos):
                raise self.fail("expected ',' or ']'")

    def inline_table(self) -> dict[str, Any]:
        self.pos += 1
        table: dict[str, Any] = {}
        while True:
            self.skip(_WS)
            if self.text.startswith("}", self.pos):
                self.pos += 1
                return table
            self.key_value(table)
            self.skip(_WS)
            if self.text.startswith(",", self.pos):
                self.pos += 1


# Texts tomlkit accepted lately, oldest first. A release parses each pyproject.toml in the
# strategy, then twice in the updater (parse_tagged, then replace_toml_value); tomlkit is the
# slow part and its answer for a text never changes (issue 11).
_valid_texts: dict[str, None] = {}
_VALID_KEEP = 64


def remember_valid_toml(text: str) -> None:
    """Note that ``tomlkit.parse(text)`` succeeded, so :func:`parse_tagged` need not ask again."""
    _valid_texts[text] = None
    if len(_valid_texts) > _VALID_KEEP:
        del _valid_texts[next(iter(_valid_texts))]


def parse_tagged(text: str) -> dict[str, Any]:
    """Parse TOML into dicts and lists whose leaves are Tagged or Opaque; raise TomlEditError."""
    if text not in _valid_texts:
        try:
            tomlkit.parse(text)
        except tomlkit.exceptions.TOMLKitError as exc:
            raise TomlEditError(str(exc)) from None
        remember_valid_toml(text)
    return _Parser(text).parse()


def replace_toml_value(text: str, path: list[str | int], new_value: str) -> str:
    """Splice ``new_value`` (as a JSON string) over the value at ``path``; raise TomlEditError.

    Mirrors release-please's ``replaceTomlValue``, including its error cases: a path through
    something that is not a table, array or tagged value, and a result that is not valid TOML.
    """
    current: Any = parse_tagged(text)
    for index, key in enumerate(path):
        found = _child(current, key)
        if not isinstance(found, (dict, list, Tagged)):
            joined = ".".join(map(str, path[: index + 1]))
            raise TomlEditError(f"path not found in object: {joined}")
        current = found
    if not isinstance(current, Tagged):
        raise TomlEditError(f"value at path {'.'.join(map(str, path))} is not tagged")
    output = text[: current.start] + json_stringify(new_value) + text[current.end :]
    try:
        tomlkit.parse(output)
    except tomlkit.exceptions.TOMLKitError as exc:
        raise TomlEditError(f"After replacing value, result is not valid TOML: {exc}") from None
    return output


def _child(node: Any, key: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(str(key))
    if isinstance(node, list):
        index = int(key) if str(key).isdigit() else -1
        return node[index] if 0 <= index < len(node) else None
    return None
