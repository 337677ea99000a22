"""Read a JSON file as release-please does (``JSON.parse``), with one-line, located errors.

release-please reads its config and manifest with JavaScript's ``JSON.parse``, which
:func:`releasegate.engine._js.json_parse` emulates (JavaScript key order, no ``NaN``/``Infinity``);
a leading byte-order mark, which ``JSON.parse`` rejects, is refused here. Every failure becomes
a :class:`~releasegate.errors.ConfigError` whose ``where`` is ``file:line:col`` (1-based, as
editors count) and whose message says what to change, e.g.::

    .release-please-config.json:4:31: trailing comma in object; remove the ',' before '}'

:class:`JsonReader` then reads typed values out of the parsed document, reporting a wrong one
by its key path: ``file: packages["."].draft: expected true or false, got 'yes'``.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias

from releasegate.engine._js import JsonParseError, json_parse
from releasegate.engine.version import Version, VersionParseError
from releasegate.errors import ConfigError

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping, Sequence

__all__ = [
    "JsonReader",
    "Parts",
    "describe_value",
    "format_key_path",
    "loads_json",
    "suggest",
]

_WHITESPACE = " \t\n\r"
_SHOWN_CHARS = 40
#: A path into a JSON document: object keys and array indices.
Parts: TypeAlias = tuple[str | int, ...]
_BOM = b"\xef\xbb\xbf"
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_$-]+")
_WORD = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
# Words people write in JSON out of habit from Python or JavaScript, and the JSON to write instead.
_WORD_FIXES = {
    "True": "write true",
    "False": "write false",
    "None": "write null",
    "undefined": "write null or remove the entry",
    "NaN": "JSON has no NaN; write a number",
    "Infinity": "JSON has no Infinity; write a number",
}


class _NonFinite:
    """Marks a ``NaN``/``Infinity`` literal, which ``JSON.parse`` rejects, until it is located."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def loads_json(data: bytes, display: str) -> Any:
    """Parse ``data`` as ``JSON.parse`` would; raise ConfigError naming ``display:line:col``.

    >>> loads_json(b'{"packages": {}}', "cfg.json")
    {'packages': {}}
    >>> loads_json(b'[1,]', "cfg.json")
    Traceback (most recent call last):
    ...
    releasegate.errors.ConfigError: cfg.json:1:3: trailing comma in array; remove the ',' before ']'
    """
    if data.startswith(_BOM):
        raise ConfigError(
            f"{display}:1:1",
            "the file starts with a UTF-8 byte-order mark, which release-please cannot parse",
            "save the file as UTF-8 without a BOM",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col_bytes(data, exc.start)
        raise ConfigError(
            f"{display}:{line}:{col}",
            f"invalid UTF-8 byte 0x{data[exc.start]:02x}",
            "save the file as UTF-8",
        ) from None
    try:
        value = json_parse(text, exact_integers=True, parse_constant=_NonFinite)
    except JsonParseError as exc:
        if exc.pos is not None:
            raise _syntax_error(text, exc.msg, exc.pos, display) from None
        if "nested" in exc.msg:
            raise ConfigError(display, "JSON nested too deeply", "flatten the file") from None
        raise ConfigError(display, "a number has too many digits", "shorten it") from None
    _reject_non_finite(value, [], display)
    return value


def format_key_path(parts: Sequence[str | int]) -> str:
    """Render a path into a JSON document the way our messages show it.

    Package paths and other keys that are not plain words use brackets; list indices are in
    brackets; plain keys join with dots.

    >>> format_key_path(["packages", ".", "extra-files", 0, "path"])
    'packages["."].extra-files[0].path'
    """
    out = ""
    parent: str | int | None = None
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif parent == "packages" or not _PLAIN_KEY.fullmatch(part):
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
        else:
            out += f".{part}" if out else part
        parent = part
    return out


def describe_value(value: Any) -> str:
    """Show a parsed JSON value as the user wrote it, for "got ..." in messages.

    >>> describe_value(3), describe_value(True), describe_value("x"), describe_value([1])
    ('3', 'true', "'x'", 'an array')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return repr(value if len(value) <= _SHOWN_CHARS else value[: _SHOWN_CHARS - 3] + "...")
    return "an array" if isinstance(value, list) else "an object"


class JsonReader:
    """Typed access to the parsed JSON; collects warnings, raises ConfigError on the first error."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.warnings: list[str] = []

    def where(self, parts: Parts) -> str:
        return f"{self.display}: {format_key_path(parts)}" if parts else self.display

    def fail(self, parts: Parts, what: str, fix: str | None = None) -> NoReturn:
        raise ConfigError(self.where(parts), what, fix)

    def warn(self, parts: Parts, what: str) -> None:
        self.warnings.append(f"{self.where(parts)}: {what}")

    def check_keys(
        self,
        obj: Mapping[str, Any],
        parts: Parts,
        known: Iterable[str],
        misplaced: Collection[str] = (),
        note: str = "",
    ) -> None:
        """Warn about keys outside ``known``: ``note`` for ``misplaced`` ones, else did-you-mean."""
        known = tuple(known)
        for key in obj:
            if key in known:
                continue
            if key in misplaced:
                self.warn((*parts, key), note)
                continue
            match = suggest(key, known)
            hint = f"did you mean {match!r}?" if match else "release-please ignores it"
            self.warn((*parts, key), f"unknown key; {hint}")

    def string(self, value: Any, parts: Parts) -> str:
        if not isinstance(value, str):
            self.fail(parts, f"expected a string, got {describe_value(value)}")
        return value

    def boolean(self, value: Any, parts: Parts) -> bool:
        if not isinstance(value, bool):
            fix = None
            if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
                fix = f"write {value.strip().lower()} without quotes"
            self.fail(parts, f"expected true or false, got {describe_value(value)}", fix)
        return value

    def count(self, value: Any, parts: Parts) -> int:
        number = value.is_integer() and int(value) if isinstance(value, float) else value
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            self.fail(parts, f"expected a whole number of 0 or more, got {describe_value(value)}")
        return number

    def array(self, value: Any, parts: Parts) -> list[Any]:
        if not isinstance(value, list):
            self.fail(parts, f"expected an array, got {describe_value(value)}")
        return value

    def object(self, value: Any, parts: Parts) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(parts, f"expected an object, got {describe_value(value)}")
        return value

    def strings(self, value: Any, parts: Parts) -> tuple[str, ...]:
        return tuple(self.string(v, (*parts, i)) for i, v in enumerate(self.array(value, parts)))

    def labels(self, value: Any, parts: Parts) -> tuple[str, ...]:
        # release-please splits on ',' and keeps the spaces: "a, b" is ("a", " b").
        return tuple(self.string(value, parts).split(","))

    def version(self, value: Any, parts: Parts) -> str:
        text = self.string(value, parts)
        if text:  # an empty string is falsy to release-please: no version forced
            try:
                Version.parse(text)
            except VersionParseError:
                self.fail(parts, f"{text!r} is not a version", "write it as X.Y.Z, e.g. '1.2.0'")
        return text

    def required(self, obj: Mapping[str, Any], key: str, parts: Parts, fix: str) -> Any:
        if obj.get(key) is None:
            self.fail(parts, f'missing "{key}"', fix)
        return obj[key]


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """Return the closest of ``choices`` to a misspelt ``word``, or None (for "did you mean")."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _reject_non_finite(value: Any, parts: list[str | int], display: str) -> None:
    """Raise for the first NaN/Infinity left in the parsed value (``JSON.parse`` rejects them)."""
    stack: list[tuple[Any, list[str | int]]] = [(value, parts)]
    while stack:
        item, here = stack.pop()
        if isinstance(item, _NonFinite):
            where = f"{display}: {format_key_path(here)}" if here else display
            raise ConfigError(where, f"{item.text} is not valid JSON", "write a number")
        if isinstance(item, dict):
            stack.extend((v, [*here, k]) for k, v in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((v, [*here, i]) for i, v in reversed(list(enumerate(item))))


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - text.rfind("\n", 0, pos)


def _line_col_bytes(data: bytes, pos: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, pos) + 1
    return line, pos - data.rfind(b"\n", 0, pos)


def _previous_token_end(text: str, pos: int) -> int:
    """Index just after the last non-whitespace character before ``pos``."""
    end = pos
    while end > 0 and text[end - 1] in _WHITESPACE:
        end -= 1
    return end


def _syntax_error(text: str, msg: str, pos: int, display: str) -> ConfigError:
    """Turn a decoder message at ``pos`` into a located, actionable ConfigError."""
    char = text[pos] if pos < len(text) else ""
    prev_end = _previous_token_end(text, pos)
    prev = text[prev_end - 1] if prev_end else ""
    at_end = not text[pos:].strip(_WHITESPACE)

    def error(what: str, fix: str | None = None, at: int = pos) -> ConfigError:
        line, col = _line_col(text, at)
        return ConfigError(f"{display}:{line}:{col}", what, fix)

    # Python 3.13+ names trailing commas itself; older versions report the closing bracket.
    trailing = msg.startswith("Illegal trailing comma")
    if trailing or (char in "}]" and char and prev == "," and msg.startswith("Expecting")):
        comma = pos if char == "," else prev_end - 1
        closer = "}" if (char == "}" or "object" in msg) else "]"
        kind = "object" if closer == "}" else "array"
        return error(f"trailing comma in {kind}", f"remove the ',' before '{closer}'", comma)
    if not text.strip(_WHITESPACE):
        return error("the file is empty", "write a JSON object such as {}", 0)
    if at_end and msg.startswith("Expecting"):
        return error("unexpected end of file", "close every open '{', '[' and '\"'")
    if char == "'":
        return error("strings must use double quotes", "replace the ' quotes with \"")
    if char in "/#":
        return error("comments are not allowed in JSON", "remove the comment")
    if msg.startswith("Expecting property name"):
        word = _WORD.match(text, pos)
        if word:
            name = word.group()
            return error(f"property name {name} is not quoted", f'write "{name}"')
        return error(f"unexpected {char!r}, expected a property name in double quotes")
    if msg.startswith("Expecting value"):
        word = _WORD.match(text, pos)
        if word and word.group() in _WORD_FIXES:
            name = word.group()
            return error(f"{name} is not a JSON value", _WORD_FIXES[name])
        if word:
            return error(
                f"unexpected {word.group()!r}, expected a value",
                'use true, false, null, a number, a "string", [an array] or {an object}',
            )
        return error(f"unexpected {char!r}, expected a value")
    if msg.startswith("Expecting ',' delimiter"):
        return error("missing ',' between items", "add a ',' here", prev_end)
    if msg.startswith("Expecting ':' delimiter"):
        return error("missing ':' after the property name", "add a ':' here", prev_end)
    if msg.startswith("Extra data"):
        return error(
            "unexpected text after the end of the JSON value",
            "a JSON file holds exactly one value; remove the extra text or wrap it all in {}",
        )
    if msg.startswith("Unterminated string"):
        return error("unterminated string", 'close it with a "')
    if msg.startswith("Invalid control character"):
        return error(
            "raw control character (tab or newline) inside a string",
            "write it as \\t or \\n",
        )
    if msg.startswith("Invalid \\uXXXX"):
        backslash = pos - 1 if text[pos - 1 : pos] == "\\" else pos
        return error("invalid \\u escape", "write exactly four hex digits after \\u", backslash)
    if msg.startswith("Invalid \\escape"):
        return error("invalid escape sequence in a string", "write a backslash as \\\\")
    return error(msg[:1].lower() + msg[1:])
