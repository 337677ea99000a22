"""Load and dump YAML the way release-please's ``js-yaml`` (4.x, default schema) does.

Loading uses PyYAML with js-yaml's implicit types instead of YAML 1.1's (so ``yes`` stays a
string, ``0x1F`` is a number and ``2024-01-01`` a timestamp). Dumping reimplements js-yaml's
``dump()`` with its default options: two-space indentation, block style, sequences indented under
their key, line width 80, single quotes when plain text would be ambiguous, ``&ref_N`` anchors for
shared objects, timestamps as ``toISOString()``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import yaml

from releasegate.engine._js import js_number, js_object

__all__ = ["Timestamp", "YamlLoadError", "dump", "load_all"]

_MAX_SAFE = 2**53
_INT = re.compile(r"^[-+]?(?:0b[01]+|0x[0-9a-fA-F]+|0o[0-7]+|[0-9]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_FLOAT_SPECIAL = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_TIMESTAMP = re.compile(
    r"^([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9][0-9]?)(?::([0-9]{2}))?))?$"
)
_MERGE = re.compile(r"^(?:<<)$")
# YAML 1.1 booleans: js-yaml quotes them for older readers ("compat mode")
_DEPRECATED_BOOLEANS = frozenset((
    "y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
    "n", "N", "no", "No", "NO", "off", "Off", "OFF",
))  # fmt: skip
_BASE60 = re.compile(r"^[-+]?[0-9_]+(?::[0-9_]+)+(?:\.[0-9_]*)?$")
_SCIENTIFIC_WITHOUT_DOT = re.compile(r"^[-+]?[0-9]+e")
_ESCAPES = {
    0x00: "\\0", 0x07: "\\a", 0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0B: "\\v", 0x0C: "\\f",
    0x0D: "\\r", 0x1B: "\\e", 0x22: '\\"', 0x5C: "\\\\", 0x85: "\\N", 0xA0: "\\_",
    0x2028: "\\L", 0x2029: "\\P",
}  # fmt: skip
_LINE_WIDTH = 80
_INDENT = 2
_MAX_KEY = 1024


class YamlLoadError(ValueError):
    """The text is not YAML that js-yaml would load."""


@dataclass(frozen=True, slots=True)
class Timestamp:
    """A YAML timestamp, kept as the text js-yaml writes back (``Date.toISOString()``)."""

    iso: str


def _float_ok(text: str) -> bool:
    if not _FLOAT.match(text):
        return False
    return _FLOAT_SPECIAL.match(text) is not None or math.isfinite(float(text.lower()))


class _Loader(yaml.SafeLoader):
    pass


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float | int:
    text = str(loader.construct_scalar(node))
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    base = {"0b": 2, "0x": 16, "0o": 8}.get(body[:2], 10)
    value = sign * int(body[2:] if base != 10 else body, base)  # noqa: PLR2004 - decimal
    return value if abs(value) <= _MAX_SAFE else float(value)


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    text = str(loader.construct_scalar(node)).lower()
    sign = -1.0 if text.startswith("-") else 1.0
    body = text.lstrip("+-")
    if body == ".inf":
        return sign * math.inf
    if body == ".nan":
        return math.nan
    return sign * float(body)


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Timestamp:
    text = str(loader.construct_scalar(node))
    match = _DATE.match(text) or _TIMESTAMP.match(text)
    if match is None:  # pragma: no cover - the resolver only routes matching text here
        raise yaml.constructor.ConstructorError(None, None, "bad timestamp", node.start_mark)
    groups = match.groups()
    try:
        moment = datetime(int(groups[0]), int(groups[1]), int(groups[2]), tzinfo=timezone.utc)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(None, None, str(exc), node.start_mark) from None
    if len(groups) > 3 and groups[3]:  # noqa: PLR2004 - the date-only pattern has 3 groups
        millis = int((groups[6] or "")[:3].ljust(3, "0"))
        moment += timedelta(
            hours=int(groups[3]),
            minutes=int(groups[4]),
            seconds=int(groups[5]),
            milliseconds=millis,
        )
        if groups[8]:
            offset = timedelta(hours=int(groups[9]), minutes=int(groups[10] or 0))
            moment -= offset if groups[8] == "+" else -offset
    millis = moment.microsecond // 1000
    return Timestamp(f"{moment:%Y-%m-%dT%H:%M:%S}.{millis:03d}Z")


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[str, Any]:
    loader.flatten_mapping(node)
    pairs = [
        (_key(loader.construct_object(k, deep=True)), loader.construct_object(v, deep=True))
        for k, v in node.value
    ]
    return js_object(pairs)


def _key(value: Any) -> str:
    # JavaScript object keys are strings: String(true) is 'true', String(1.5) is '1.5'.
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return js_number(value)
    if isinstance(value, Timestamp):
        return value.iso
    return str(value)


_Loader.yaml_implicit_resolvers = {}
for _tag, _pattern in (
    ("null", _NULL),
    ("bool", _BOOL),
    ("int", _INT),
    ("float", _FLOAT),
    ("timestamp", re.compile(f"{_DATE.pattern}|{_TIMESTAMP.pattern}")),
    ("merge", _MERGE),
):
    _Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", _pattern, None)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def load_all(text: str) -> list[Any]:
    """Load every document of ``text``; raise YamlLoadError where js-yaml would throw."""
    try:
        docs = list(yaml.load_all(text, Loader=_Loader))
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise YamlLoadError(str(exc)) from None
    return docs


# --- dumping -------------------------------------------------------------------------------


def _printable(c: int) -> bool:
    return (
        0x20 <= c <= 0x7E  # noqa: PLR2004 - YAML's printable ranges
        or (0xA1 <= c <= 0xD7FF and c not in {0x2028, 0x2029})  # noqa: PLR2004
        or (0xE000 <= c <= 0xFFFD and c != 0xFEFF)  # noqa: PLR2004
        or 0x10000 <= c <= 0x10FFFF  # noqa: PLR2004
    )


def _ns_char_or_space(c: int) -> bool:
    return _printable(c) and c not in {0xFEFF, 0x0D, 0x0A}


def _plain_safe(c: int, prev: int | None) -> bool:
    is_ns_or_ws = _ns_char_or_space(c)
    is_ns = is_ns_or_ws and c not in {0x20, 0x09}
    colon, sharp = ord(":"), ord("#")
    return (
        (is_ns_or_ws and c != sharp and not (prev == colon and not is_ns))
        or (
            prev is not None and _ns_char_or_space(prev) and prev not in {0x20, 0x09} and c == sharp
        )
        or (prev == colon and is_ns)
    )


def _plain_safe_first(c: int) -> bool:
    return _printable(c) and c not in {0xFEFF, 0x20, 0x09} and chr(c) not in "-?:,[]{}#&*!|=>'\"%@`"


def _ambiguous(text: str) -> bool:
    # js-yaml's testImplicitResolving: would the text load back as another type?
    return bool(
        _NULL.match(text)
        or _BOOL.match(text)
        or _INT.match(text)
        or _float_ok(text)
        or _DATE.match(text)
        or _TIMESTAMP.match(text)
        or text == "<<"
    )


def _choose_style(text: str, line_width: int, *, single_line_only: bool) -> str:
    codes = [ord(ch) for ch in text]
    plain = _plain_safe_first(codes[0]) and codes[-1] not in {0x20, 0x09, ord(":")}
    has_line_break = foldable = False
    previous_break = -1
    prev: int | None = None
    for i, c in enumerate(codes):
        if c == 0x0A and not single_line_only:  # noqa: PLR2004 - line feed
            has_line_break = True
            foldable = foldable or (
                i - previous_break - 1 > line_width and text[previous_break + 1] != " "
            )
            previous_break = i
        elif not _printable(c):
            return "double"
        plain = plain and _plain_safe(c, prev)
        prev = c
    if not single_line_only:
        tail = len(codes) - previous_break - 1
        foldable = foldable or (tail > line_width and text[previous_break + 1] != " ")
    if not has_line_break and not foldable:
        return "plain" if plain and not _ambiguous(text) else "single"
    return "folded" if foldable else "literal"


def _indent_string(text: str, spaces: int) -> str:
    pad = " " * spaces
    lines = re.findall(r"[^\n]*\n|[^\n]+", text)
    return "".join(pad + line if line != "\n" else line for line in lines)


def _block_header(text: str) -> str:
    indicator = str(_INDENT) if re.match(r"^\n* ", text) else ""
    clip = text.endswith("\n")
    keep = clip and (text[-2:-1] == "\n" or text == "\n")
    return indicator + ("+" if keep else "" if clip else "-") + "\n"


def _drop_ending_newline(text: str) -> str:
    return text.removesuffix("\n")


def _fold_line(line: str, width: int) -> str:
    if not line or line[0] == " ":
        return line
    start = curr = 0
    result = ""
    for match in re.finditer(r" (?=[^ ])", line):
        nxt = match.start()
        if nxt - start > width:
            end = curr if curr > start else nxt
            result += "\n" + line[start:end]
            start = end + 1
        curr = nxt
    result += "\n"
    if len(line) - start > width and curr > start:
        result += line[start:curr] + "\n" + line[curr + 1 :]
    else:
        result += line[start:]
    return result[1:]


def _fold_string(text: str, width: int) -> str:
    first_break = text.find("\n")
    first_break = first_break if first_break != -1 else len(text)
    result = _fold_line(text[:first_break], width)
    prev_more_indented = text[:1] in {"\n", " "}
    for match in re.finditer(r"(\n+)([^\n]*)", text[first_break:]):
        prefix, line = match.group(1), match.group(2)
        more_indented = line[:1] == " "
        extra = "\n" if not prev_more_indented and not more_indented and line else ""
        result += prefix + extra + _fold_line(line, width)
        prev_more_indented = more_indented
    return result


def _escape(text: str) -> str:
    out = []
    for ch in text:
        c = ord(ch)
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif _printable(c):
            out.append(ch)
        else:
            handle, size = ("x", 2) if c <= 0xFF else ("u", 4) if c <= 0xFFFF else ("U", 8)  # noqa: PLR2004
            out.append(f"\\{handle}{c:0{size}X}")
    return "".join(out)


def _scalar(text: str, level: int, *, is_key: bool) -> str:
    if not text:
        return "''"
    if text in _DEPRECATED_BOOLEANS or _BASE60.match(text):
        return f"'{text}'"
    indent = _INDENT * max(1, level)
    line_width = max(min(_LINE_WIDTH, 40), _LINE_WIDTH - indent)
    style = _choose_style(text, line_width, single_line_only=is_key)
    if style == "plain":
        return text
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "literal":
        return "|" + _block_header(text) + _drop_ending_newline(_indent_string(text, indent))
    if style == "folded":
        folded = _fold_string(text, line_width)
        return ">" + _block_header(text) + _drop_ending_newline(_indent_string(folded, indent))
    return '"' + _escape(text) + '"'


def _number(value: float) -> str:
    if isinstance(value, int):
        return js_number(value)
    negative_zero = value == 0 and math.copysign(1.0, value) < 0
    if math.isfinite(value) and value == int(value) and not negative_zero:
        return js_number(value)  # js-yaml's int type: any integral number
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    if negative_zero:
        return "-0.0"
    text = js_number(value)
    return text.replace("e", ".e", 1) if _SCIENTIFIC_WITHOUT_DOT.match(text) else text


class _Dumper:
    def __init__(self, root: Any) -> None:
        seen: list[Any] = []
        duplicate_indexes: list[int] = []
        self._inspect(root, seen, duplicate_indexes)
        self.duplicates = [seen[i] for i in duplicate_indexes]
        self.used = [False] * len(self.duplicates)

    def _inspect(self, node: Any, seen: list[Any], duplicate_indexes: list[int]) -> None:
        if not isinstance(node, (dict, list)):
            return
        for index, other in enumerate(seen):
            if other is node:
                if index not in duplicate_indexes:
                    duplicate_indexes.append(index)
                return
        seen.append(node)
        for child in node.values() if isinstance(node, dict) else node:
            self._inspect(child, seen, duplicate_indexes)

    def node(self, level: int, value: Any, *, compact: bool, is_key: bool = False) -> str:
        if value is None:
            return "null"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return _number(value)
        if isinstance(value, Timestamp):
            return value.iso
        if isinstance(value, str):
            return _scalar(value, level, is_key=is_key)
        index = next((i for i, d in enumerate(self.duplicates) if d is value), -1)
        if index >= 0:
            if self.used[index]:
                return f"*ref_{index}"
            self.used[index] = True
            compact = False
        if not value:
            text = "{}" if isinstance(value, dict) else "[]"
            return f"&ref_{index} {text}" if index >= 0 else text
        if isinstance(value, dict):
            text = self.mapping(level, value, compact=compact)
        else:
            text = self.sequence(level, value, compact=compact)
        return f"&ref_{index}{text}" if index >= 0 else text

    def sequence(self, level: int, items: list[Any], *, compact: bool) -> str:
        result = ""
        for item in items:
            if not compact or result:
                result += "\n" + " " * (_INDENT * level)
            dumped = self.node(level + 1, item, compact=True)
            result += ("-" if dumped.startswith("\n") else "- ") + dumped
        return result

    def mapping(self, level: int, obj: dict[str, Any], *, compact: bool) -> str:
        result = ""
        for key, value in obj.items():
            pair = "\n" + " " * (_INDENT * level) if not compact or result else ""
            dumped_key = self.node(level + 1, key, compact=True, is_key=True)
            explicit = len(dumped_key) > _MAX_KEY
            if explicit:
                pair += "? " + dumped_key + "\n" + " " * (_INDENT * level)
            else:
                pair += dumped_key
            dumped = self.node(level + 1, value, compact=explicit)
            pair += (":" if dumped.startswith("\n") else ": ") + dumped
            result += pair
        return result


def dump(value: Any) -> str:
    """Serialise ``value`` as ``js-yaml``'s ``dump(value)`` with default options."""
    return _Dumper(value).node(0, value, compact=True) + "\n"
