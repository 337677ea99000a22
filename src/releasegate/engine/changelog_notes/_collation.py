"""Sort keys that order strings as ICU's root collation does (node's ``localeCompare``).

conventional-changelog-writer sorts the commits of a section with ``localeCompare``; this
module gives the equivalent Python sort key. ``collation_key`` has an exact fast path for pure
ASCII text (the usual commit subject) that builds the very same key as the general algorithm,
``_full_key``, only without a Python loop over the characters.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

_T = TypeVar("_T")

__all__ = ["collation_key", "sort_by_collation"]

#: A key: primary weights (base characters), secondary (accents), tertiary (case).
Key = tuple[list[int], list[int], list[int]]

# ICU root collation (node's localeCompare) for ASCII: primary order of the non-ignorable
# characters (the other control characters are ignored), letters case-insensitive at that
# level; lower case before upper case after it.
_ASCII_SYMBOLS = "\t\n\v\f\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"
_GAP = 0x400000  # room between two ASCII symbols for the non-ASCII ones ICU puts there
_SYMBOL_WEIGHT = {c: i * _GAP for i, c in enumerate(_ASCII_SYMBOLS)}
# Non-ASCII punctuation and symbols sort next to their ASCII kin, by category.
_NEAR = {"Pd": "-", "Pc": "_", "Ps": "(", "Pe": ")", "Pi": '"', "Pf": '"', "Sm": "+", "Sc": "$"}
_SYMBOLS = _SYMBOL_WEIGHT["$"] + 0x200000  # the rest: after the ASCII symbols
_DIGITS = len(_ASCII_SYMBOLS) * _GAP
_LETTERS = _DIGITS + 100  # a-z, then non-ASCII letters by code point

# Letters ICU sorts as (variants of) other letters though Unicode gives them no decomposition.
_EXPANSIONS = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ŧ": "t"}
_VARIANT = 0x110000  # secondary weight of a compatibility or expanded form


def collation_key(text: str) -> Key:
    """Return a sort key ordering strings as ICU's root collation does (exact for ASCII).

    Levels: base characters, then accents, then case (lower first). Control characters are
    ignored. Outside ASCII this is an approximation: accented, compatibility and a few
    expanding letters sort with their base letters, other letters after ``z`` and other
    symbols before the digits, by code point.

    >>> sorted(["b", "B", "a", "_x"], key=collation_key)
    ['_x', 'a', 'b', 'B']
    """
    if not text.isascii():
        return _full_key(text)
    # An ASCII character is its own NFD and NFKD form, never combining and never expanded:
    # each non-ignorable one gives (its weight, 0, 1 if upper case) and nothing else.
    kept = text.encode("ascii").translate(None, _ASCII_IGNORABLE)
    return (
        list(map(_ASCII_WEIGHTS.__getitem__, kept)),
        [0] * len(kept),
        list(kept.translate(_ASCII_CASE)),
    )


def sort_by_collation(items: Sequence[_T], text_of: Callable[[_T], str]) -> list[_T]:
    """Return ``items`` stably sorted by ``collation_key(text_of(item))``.

    When every text is ASCII, a compact key with the same order is used: the primary
    weights as rank bytes, a zero byte, then the case bytes. (For ASCII text the accent level
    is all zeros, as long as the primary level, so it never decides.)

    >>> sort_by_collation(["b", "B", "a"], str)
    ['a', 'b', 'B']
    """
    texts = [text_of(item) for item in items]
    if all(text.isascii() for text in texts):
        ascii_keys = [_ascii_key(text) for text in texts]
        order = sorted(range(len(items)), key=ascii_keys.__getitem__)
    else:
        keys = [collation_key(text) for text in texts]
        order = sorted(range(len(items)), key=keys.__getitem__)
    return [items[index] for index in order]


def _ascii_key(text: str) -> bytes:
    kept = text.encode("ascii").translate(None, _ASCII_IGNORABLE)
    return kept.translate(_ASCII_RANK) + b"\0" + kept.translate(_ASCII_CASE)


def _full_key(text: str) -> Key:
    """The general algorithm, character by character (the reference for the fast path)."""
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for char in unicodedata.normalize("NFD", text):
        lower = char.lower()
        expanded = _EXPANSIONS.get(lower) or unicodedata.normalize("NFKD", char)
        if lower in _EXPANSIONS and lower != char:
            expanded = expanded.upper()
        for part in expanded:
            if unicodedata.combining(part):
                secondary.append(1 + ord(part))
                continue
            weight = _primary_weight(part)
            if weight is None:
                continue
            primary.append(weight)
            secondary.append(0)
            tertiary.append(1 if part != part.lower() else 0)
        if expanded != char:
            secondary.append(_VARIANT)
    return primary, secondary, tertiary


def _primary_weight(char: str) -> int | None:
    weight = _SYMBOL_WEIGHT.get(char)
    if weight is not None:
        return weight
    if "0" <= char <= "9":
        return _DIGITS + ord(char) - ord("0")
    lower = char.lower()[0]
    if "a" <= lower <= "z":
        return _LETTERS + ord(lower) - ord("a")
    category = unicodedata.category(char)
    if char.isascii() or category in {"Cc", "Cf"}:
        return None  # ignorable
    if category == "Zs":
        return _SYMBOL_WEIGHT[" "]
    if category == "Nd":
        return _DIGITS + unicodedata.decimal(char)
    if category.startswith("L"):
        return _LETTERS + 100 + ord(lower)
    near = _NEAR.get(category)
    return (_SYMBOL_WEIGHT[near] + 1 if near else _SYMBOLS) + ord(char)


# The fast path's tables, derived from _primary_weight so the two cannot disagree.
_ASCII_PRIMARY = [_primary_weight(chr(code)) for code in range(128)]
_ASCII_IGNORABLE = bytes(code for code, weight in enumerate(_ASCII_PRIMARY) if weight is None)
_ASCII_WEIGHTS = [weight or 0 for weight in _ASCII_PRIMARY]
# bytes.translate wants 256 entries; only the first 128 are ever looked up.
_ASCII_CASE = bytes(int(chr(code) != chr(code).lower()) for code in range(128)).ljust(256, b"\0")
# Rank bytes (from 1, so a shorter primary level sorts first) in the order of the weights.
_RANKS = {weight: rank for rank, weight in enumerate(sorted(set(_ASCII_WEIGHTS)), start=1)}
_ASCII_RANK = bytes(_RANKS[weight] for weight in _ASCII_WEIGHTS).ljust(256, b"\0")
