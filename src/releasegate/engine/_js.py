r"""JavaScript semantics release-please's output depends on, defined once.

release-please is JavaScript: it trims with ``String.prototype.trim``, matches ``\s`` and ``.``
with JavaScript's tables, reads JSON with ``JSON.parse`` (objects list array-index keys first),
re-serialises with ``JSON.stringify`` and detects indentation with ``detect-indent``. Every
module that needs one of these imports it from here, so the tables cannot drift apart.

>>> js_trim("\ufeff\u00a0 x \u3000")
'x'
>>> js_key_order(["b", "4294967295", "10", "01", "2"])
['2', '10', 'b', '4294967295', '01']
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = [
    "JS_DOT",
    "JS_LINE_TERMINATORS",
    "JS_WHITESPACE",
    "JsonParseError",
    "detect_indent",
    "is_array_index",
    "js_key_order",
    "js_number",
    "js_object",
    "js_trim",
    "json_parse",
    "json_stringify",
    "json_stringify_like",
]

#: ECMAScript WhiteSpace and LineTerminator code points: what ``String.prototype.trim`` strips
#: and ``\s`` matches. Python's ``str.strip()`` differs: it also strips U+001C-U+001F and
#: U+0085, and keeps U+FEFF.
JS_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
#: ECMAScript LineTerminator code points.
JS_LINE_TERMINATORS = "\n\r\u2028\u2029"
#: A regular-expression class for JavaScript's ``.`` (any character but a line terminator).
JS_DOT = f"[^{JS_LINE_TERMINATORS}]"

_INDENT = re.compile(r"^(?:( )+|\t+)")
_ARRAY_INDEX_LIMIT = 2**32 - 1  # ECMAScript: an array index is a canonical integer below this
_MAX_GAP = 10


class JsonParseError(ValueError):
    """The text is not JSON as ``JSON.parse`` reads it.

    ``msg`` and ``pos`` come from Python's decoder (``pos`` is None when the failure has no
    position: nesting too deep, or an integer too long for ``exact_integers``).
    """

    def __init__(self, msg: str, pos: int | None = None, text: str | None = None) -> None:
        super().__init__(text or msg)
        self.msg = msg
        self.pos = pos


def js_trim(text: str) -> str:
    """Strip leading and trailing whitespace as JavaScript's ``String.prototype.trim`` does."""
    return text.strip(JS_WHITESPACE)


def is_array_index(key: str) -> bool:
    """Whether a JavaScript object treats ``key`` as an array index (and lists it first).

    That is a canonical decimal integer (no sign, no leading zero) below ``2**32 - 1``.

    >>> is_array_index("4294967294"), is_array_index("4294967295"), is_array_index("01")
    (True, False, False)
    """
    if not (key.isascii() and key.isdigit()) or (key[0] == "0" and len(key) > 1):
        return False
    return int(key) < _ARRAY_INDEX_LIMIT


def js_key_order(keys: Iterable[str]) -> list[str]:
    """Order keys as a JavaScript object lists them: array indices ascending, then the rest."""
    keys = list(keys)
    indices = sorted((k for k in keys if is_array_index(k)), key=int)
    if not indices:
        return keys
    return indices + [k for k in keys if not is_array_index(k)]


def js_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Build an object from key/value pairs as JavaScript does (an ``object_pairs_hook``)."""
    # A repeated key keeps its first position and its last value, as in JavaScript.
    obj: dict[str, Any] = dict(pairs)
    return {k: obj[k] for k in js_key_order(obj)}


def _reject_constant(name: str) -> Any:
    raise JsonParseError(f"unexpected token {name!r}")


def json_parse(
    text: str,
    *,
    exact_integers: bool = False,
    parse_constant: Callable[[str], Any] | None = None,
) -> Any:
    """Parse ``text`` as ``JSON.parse`` would; raise JsonParseError.

    Objects come back in JavaScript key order and numbers as floats. ``exact_integers`` keeps
    integer literals as ``int`` (the config reader shows the user's ``3``, not ``3.0``);
    ``parse_constant`` receives ``NaN``/``Infinity``/``-Infinity``, which are rejected by
    default, as ``JSON.parse`` rejects them.

    >>> json_parse('{"b": 1, "1": [true, null]}')
    {'1': [True, None], 'b': 1.0}
    """
    try:
        return json.loads(
            text,
            object_pairs_hook=js_object,
            parse_int=None if exact_integers else float,
            parse_float=float,
            parse_constant=parse_constant or _reject_constant,
        )
    except json.JSONDecodeError as exc:
        raise JsonParseError(exc.msg, exc.pos, str(exc).splitlines()[0]) from None
    except JsonParseError:
        raise
    except RecursionError:
        raise JsonParseError("JSON nested too deeply") from None
    except ValueError as exc:  # an integer longer than sys.get_int_max_str_digits()
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
