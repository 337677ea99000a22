"""Property tests for releasegate.engine.changelog_notes._collation: fast keys order as the full one."""

from __future__ import annotations

import functools

from hypothesis import given, settings
from hypothesis import strategies as st

from releasegate.engine.changelog_notes._collation import (
    Key,
    _ascii_key,
    _full_key,
    collation_key,
    sort_by_collation,
)

ASCII = st.text(alphabet=st.characters(max_codepoint=127), max_size=12)
# Text that mixes ASCII with accents, expansions, other scripts, symbols and controls.
MIXED = st.text(
    alphabet=st.sampled_from("aAbBzZ09 _-#@<>(\t\x00\x7féÉeﬁßæÆ\u0301\u00a0\u2013\u201c€中\u200b"),
    max_size=8,
)


def sign(a: Key | bytes, b: Key | bytes) -> int:
    """-1, 0 or 1 as ``a`` sorts before, with or after ``b`` (two keys of one kind)."""
    return -1 if a < b else int(a > b)  # type: ignore[operator]  # callers pass one kind


@settings(max_examples=2000)
@given(text=ASCII)
def test_ascii_fast_path_builds_the_full_key(text: str) -> None:
    """For ASCII text, collation_key's fast path returns the general algorithm's key."""
    assert collation_key(text) == _full_key(text)


@given(text=MIXED | ASCII)
def test_collation_key_is_the_full_key(text: str) -> None:
    """collation_key equals the general algorithm on any text."""
    assert collation_key(text) == _full_key(text)


@settings(max_examples=2000)
@given(a=ASCII, b=ASCII)
def test_compact_ascii_key_orders_as_the_full_key(a: str, b: str) -> None:
    """The compact bytes key compares two ASCII strings as the full key does."""
    assert sign(_ascii_key(a), _ascii_key(b)) == sign(_full_key(a), _full_key(b))


@given(a=ASCII, b=ASCII)
def test_compact_ascii_key_orders_case_variants(a: str, b: str) -> None:
    """Case variants and prefixes of one string order the same under both keys."""
    for other in (a.swapcase(), a + b, a[: len(a) // 2]):
        assert sign(_ascii_key(a), _ascii_key(other)) == sign(_full_key(a), _full_key(other))


@given(texts=st.lists(ASCII, max_size=20) | st.lists(MIXED | ASCII, max_size=20))
def test_sort_by_collation_is_a_stable_sort_by_the_full_key(texts: list[str]) -> None:
    """sort_by_collation equals a stable sort by the full key, ASCII-only or mixed."""
    items = list(enumerate(texts))
    expected = sorted(items, key=lambda item: _full_key(item[1]))
    assert sort_by_collation(items, lambda item: item[1]) == expected


def full_cmp(a: str, b: str) -> int:
    """Compare two strings by the full key."""
    return sign(_full_key(a), _full_key(b))


def test_sort_by_collation_examples() -> None:
    """Symbols before digits before letters; lower case before upper case; stable."""
    texts = ["b", "B", "a", "_x", "1", "a", "#2", "é", "e"]
    by_cmp = sorted(texts, key=functools.cmp_to_key(full_cmp))
    assert (
        sort_by_collation(texts, str) == by_cmp == ["_x", "#2", "1", "a", "a", "b", "B", "e", "é"]
    )
