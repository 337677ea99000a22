"""JavaScript semantics that release-please's file output depends on.

release-please parses and re-serialises JSON with ``JSON.parse``/``JSON.stringify``, detects
indentation with the ``detect-indent`` package and trims with ``String.prototype.trim``. These
helpers reproduce those byte for byte so the updaters' output matches.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

__all__ = [
    "JsonParseError",
    "detect_indent",
    "js_number",
    "js_trim",
    "json_parse",
    "json_stringify",
    "json_stringify_like",
]

# ECMAScript WhiteSpace and LineTerminator code points (what String.prototype.trim removes).
_JS_SPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_INDENT = re.compile(r"^(?:( )+|\t+)")
_ARRAY_INDEX = re.compile(r"^(?:0|[1-9][0-9]*)$")
_MAX_ARRAY_INDEX = 2**32 - 2
_MAX_GAP = 10


class JsonParseError(ValueError):
    """The text is not JSON as ``JSON.parse`` reads it."""


def js_trim(text: str) -> str:
    """Strip leading and trailing whitespace as JavaScript's ``trim()`` does."""
    return text.strip(_JS_SPACE)


def _is_index(key: str) -> bool:
    return bool(_ARRAY_INDEX.match(key)) and int(key) <= _MAX_ARRAY_INDEX


def _js_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # A JavaScript object lists integer-like keys first, ascending, then the rest in insertion
    # order; a repeated key keeps its first position and its last value.
    obj: dict[str, Any] = dict(pairs)
    indexes = sorted((k for k in obj if _is_index(k)), key=int)
    if not indexes:
        return obj
    return {k: obj[k] for k in [*indexes, *(k for k in obj if not _is_index(k))]}


def _reject_constant(name: str) -> Any:
    raise JsonParseError(f"unexpected token {name!r}")


def json_parse(text: str) -> Any:
    """Parse ``text`` as ``JSON.parse`` would; numbers become floats; raise JsonParseError."""
    try:
        return json.loads(
            text,
            object_pairs_hook=_js_object,
            parse_int=float,
            parse_float=float,
            parse_constant=_reject_constant,
        )
    except (ValueError, RecursionError) as exc:
        raise JsonParseError(str(exc).splitlines()[0]) from None


def js_number(value: float) -> str:
    """Render a number as JavaScript's ``Number.prototype.toString`` (and JSON) does."""
    if value != value or value in {float("inf"), float("-inf")}:  # noqa: PLR0124 - NaN test
        return "null"  # JSON.stringify renders non-finite numbers as null
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    _, digits_tuple, exponent = Decimal(repr(abs(float(value)))).as_tuple()
    all_digits = "".join(map(str, digits_tuple))
    digits = all_digits.rstrip("0") or "0"
    n = len(all_digits) + int(exponent)  # finite (checked above), so an int
    k = len(digits)
    if k <= n <= 21:  # noqa: PLR2004 - ECMAScript's fixed-notation limit
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:  # noqa: PLR2004 - ECMAScript's fixed-notation limit
        return f"{sign}{digits[:n]}.{digits[n:]}"
    if -6 < n <= 0:  # noqa: PLR2004 - ECMAScript's fixed-notation limit
        return f"{sign}0.{'0' * -n}{digits}"
    exp = n - 1
    exp_text = f"e+{exp}" if exp >= 0 else f"e-{-exp}"
    mantissa = digits if k == 1 else f"{digits[0]}.{digits[1:]}"
    return sign + mantissa + exp_text


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}
_NEEDS_ESCAPE = re.compile('["\\\\\x00-\x1f\ud800-\udfff]')


def _quote_char(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _quote(text: str) -> str:
    # Python strings cannot hold a valid surrogate pair as two code points unless they came
    # from JSON escapes; JavaScript would join such a pair, so re-join before escaping.
    joined = text.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")
    return '"' + _NEEDS_ESCAPE.sub(_quote_char, joined) + '"'


def json_stringify(value: Any, indent: str | int = "") -> str:
    """Serialise as ``JSON.stringify(value, null, indent)``."""
    gap = " " * min(indent, _MAX_GAP) if isinstance(indent, int) else indent[:_MAX_GAP]
    return _stringify(value, gap, "")


def _stringify(value: Any, gap: str, current: str) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return js_number(value)
    if isinstance(value, str):
        return _quote(value)
    inner = current + gap
    if isinstance(value, dict):
        if not value:
            return "{}"
        colon = ": " if gap else ":"
        parts = [f"{_quote(str(k))}{colon}{_stringify(v, gap, inner)}" for k, v in value.items()]
        return _join(parts, "{}", gap, current, inner)
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        parts = [_stringify(v, gap, inner) for v in value]
        return _join(parts, "[]", gap, current, inner)
    raise TypeError(f"cannot serialise {type(value).__name__} as JSON")


def _join(parts: list[str], brackets: str, gap: str, current: str, inner: str) -> str:
    open_, close = brackets[0], brackets[1]
    if not gap:
        return open_ + ",".join(parts) + close
    return f"{open_}\n{inner}" + f",\n{inner}".join(parts) + f"\n{current}{close}"


def detect_indent(text: str) -> str:
    """Return the indentation ``detect-indent`` 6 finds in ``text`` ('' when there is none)."""
    indents = _indents_map(text, ignore_single_spaces=True) or _indents_map(
        text, ignore_single_spaces=False
    )
    best: str | None = None
    max_used = max_weight = 0
    for key, (used, weight) in indents.items():
        if used > max_used or (used == max_used and weight > max_weight):
            max_used, max_weight, best = used, weight, key
    if best is None:
        return ""
    return (" " if best[0] == "s" else "\t") * int(best[1:])


def _indents_map(text: str, *, ignore_single_spaces: bool) -> dict[str | None, list[int]]:
    indents: dict[str | None, list[int]] = {}
    previous_size = 0
    previous_type = ""
    key: str | None = None
    for line in text.split("\n"):
        if not line:
            continue
        match = _INDENT.match(line)
        if match is None:
            previous_size = 0
            previous_type = ""
            continue
        size = len(match.group())
        kind = "s" if match.group(1) else "t"
        if ignore_single_spaces and kind == "s" and size == 1:
            continue
        if kind != previous_type:
            previous_size = 0
        previous_type = kind
        weight = 0
        difference = size - previous_size
        previous_size = size
        if difference == 0:
            weight = 1
        else:
            key = f"{kind}{abs(difference)}"
        entry = indents.get(key)
        indents[key] = [1, 0] if entry is None else [entry[0] + 1, entry[1] + weight]
    return indents


def json_stringify_like(value: Any, original: str) -> str:
    """Re-serialise ``value`` into the shape of ``original`` as release-please's jsonStringify.

    The text before the first ``{`` and after the last ``}`` is kept, and the indentation is the
    one ``detect-indent`` finds in the original.
    """
    start = original.find("{")
    prefix = original[:start] if start >= 0 else original[:-1]
    end = original.rfind("}")
    suffix = original[end + 1 :]
    return prefix + json_stringify(value, detect_indent(js_trim(original))) + suffix
