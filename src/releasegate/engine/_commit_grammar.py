"""The conventional-commits grammar, as ``@conventional-commits/parser`` 0.4.1 reads it.

release-please parses every commit message with that package; this module reproduces its
behaviour, including its quirks, and builds the same syntax tree (a unist tree of ``Node``):

* ``message`` holds ``summary``, ``newline``, an optional ``body`` and ``footer`` nodes;
* ``summary`` holds ``type``, ``scope``, ``breaking-change`` (``!``), ``separator``,
  ``whitespace`` and ``text``;
* ``body`` is flat: ``breaking-change``/``separator``/``whitespace``/``text``/``newline``;
* ``footer`` holds ``token`` (``breaking-change`` or ``type``/``scope``/``breaking-change``),
  ``separator`` (``:`` or `` #``), ``whitespace`` and ``value`` (``text`` then ``continuation``
  nodes of ``newline``, ``whitespace`` and ``text``).

``parse`` returns None where the JavaScript parser throws (release-please then skips the
message); it never raises itself.

Quirks kept on purpose:

* The message is trimmed with JavaScript's ``String.prototype.trim`` first.
* Whitespace is only ZWNBSP, TAB, VT, FF, SP and NBSP; a lone CR is a newline.
* An opening parenthesis right after a type with no closing one on the same line (``fix(x``,
  also on a footer-like body line such as ``call(a(b))``) makes the whole message unparsable.
* A body line starting with ``BREAKING CHANGE``/``BREAKING-CHANGE`` not followed by ``:`` loses
  those 15 characters.
* The body ends at the first line from which every remaining line parses as footers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# Re-exported for the commit parser; the one definition lives in releasegate.engine._js.
from releasegate.engine._js import JS_WHITESPACE, js_trim

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = ["JS_WHITESPACE", "Node", "js_trim", "parse", "visit_parents"]

_WHITESPACE = frozenset("\ufeff\t\v\f \u00a0")
_NEWLINE = frozenset("\r\n")
_TYPE_STOP = frozenset("()!:") | _WHITESPACE | _NEWLINE
_SCOPE_STOP = frozenset("()") | _NEWLINE
_BREAKING_LITERALS = ("BREAKING CHANGE", "BREAKING-CHANGE")


class Node:
    """One node of the syntax tree: a leaf with a ``value`` or a parent with ``children``."""

    __slots__ = ("children", "kind", "value")

    def __init__(self, kind: str, value: str = "", children: list[Node] | None = None) -> None:
        self.kind = kind
        self.value = value
        self.children: list[Node] = children if children is not None else []

    def __repr__(self) -> str:
        if self.children:
            return f"Node({self.kind!r}, children={self.children!r})"
        return f"Node({self.kind!r}, {self.value!r})"

    def walk(self, *kinds: str) -> Iterator[Node]:
        """Yield this node and its descendants in document order, only ``kinds`` if given."""
        if not kinds or self.kind in kinds:
            yield self
        for child in self.children:
            yield from child.walk(*kinds)


def visit_parents(
    tree: Node, kind: str, visitor: Callable[[Node, list[Node]], None], parents: list[Node]
) -> None:
    """Call ``visitor(node, ancestors)`` for each ``kind`` node, as unist-util-visit-parents 3.

    As in JavaScript, siblings share one ancestors list, so a visitor that pops from it changes
    what later siblings (and their descendants) see; release-please's visitors do pop.
    """
    own = [*parents, tree]
    if tree.kind == kind:
        visitor(tree, parents)
    for child in tree.children:
        visit_parents(child, kind, visitor, own)


class _Unparsable(Exception):  # noqa: N818 -- internal control flow, never escapes the module
    """Where the JavaScript parser throws."""


class _Scanner:
    """Cursor over the (trimmed) text, with the JavaScript scanner's peek and rewind rules."""

    __slots__ = ("pos", "pre_footer", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        # pre_footer[p]: whether every line from footer position p on parses as a footer.
        self.pre_footer: dict[int, bool] = {}

    def eof(self) -> bool:
        return self.pos >= len(self.text)

    def peek(self) -> str:
        char = self.text[self.pos : self.pos + 1]
        if char == "\r" and self.text[self.pos + 1 : self.pos + 2] == "\n":
            return "\r\n"
        return char

    def take_while(self, allowed: frozenset[str] | None, stop: frozenset[str]) -> str:
        """Consume characters in ``allowed`` (or any not in ``stop``) and return them."""
        start = end = self.pos
        text = self.text
        while end < len(text) and (text[end] in allowed if allowed else text[end] not in stop):
            end += 1
        self.pos = end
        return text[start:end]


def _text(sc: _Scanner) -> Node:
    return Node("text", sc.take_while(None, _NEWLINE))


def _whitespace(sc: _Scanner) -> Node | None:
    value = sc.take_while(_WHITESPACE, frozenset())
    return Node("whitespace", value) if value else None


def _newline(sc: _Scanner) -> Node | None:
    value = sc.take_while(_NEWLINE, frozenset())
    return Node("newline", value) if value else None


def _type(sc: _Scanner) -> Node | None:
    value = sc.take_while(None, _TYPE_STOP)
    return Node("type", value) if value else None


def _scope(sc: _Scanner) -> Node | None:
    if sc.peek() != "(":
        return None
    sc.pos += 1
    start = sc.pos
    value = sc.take_while(None, _SCOPE_STOP)
    if sc.peek() != ")":
        raise _Unparsable
    sc.pos += 1
    if not value:
        sc.pos = start  # the JavaScript scanner rewinds to just after "("
        return None
    return Node("scope", value)


def _breaking_change(sc: _Scanner, *, allow_bang: bool = True) -> Node | None:
    if allow_bang and sc.peek() == "!":
        sc.pos += 1
        return Node("breaking-change", "!")
    literal = sc.text[sc.pos : sc.pos + 15]
    if literal in _BREAKING_LITERALS:
        sc.pos += 15
        return Node("breaking-change", literal)
    return None


def _separator(sc: _Scanner) -> Node | None:
    if sc.peek() == ":":
        sc.pos += 1
        return Node("separator", ":")
    if sc.text.startswith(" #", sc.pos):
        sc.pos += 2
        return Node("separator", " #")
    return None


def _summary(sc: _Scanner) -> Node | None:
    start = sc.pos
    node = Node("summary")
    type_ = _type(sc)
    if type_ is None:
        return None
    node.children.append(type_)
    for part in (_scope(sc), _breaking_change(sc)):
        if part is not None:
            node.children.append(part)
    separator = _separator(sc)
    if separator is None:
        sc.pos = start
        return None
    node.children.append(separator)
    whitespace = _whitespace(sc)
    if whitespace is not None:
        node.children.append(whitespace)
    node.children.append(_text(sc))
    return node


def _token(sc: _Scanner) -> Node | None:
    breaking = _breaking_change(sc)
    if breaking is not None:
        return Node("token", children=[breaking])
    type_ = _type(sc)
    if type_ is None:
        return None
    node = Node("token", children=[type_])
    for part in (_scope(sc), _breaking_change(sc)):
        if part is not None:
            node.children.append(part)
    return node


def _value(sc: _Scanner) -> Node:
    node = Node("value", children=[_text(sc)])
    while True:  # <continuation> ::= <newline> <whitespace> <text>
        start = sc.pos
        newline = _newline(sc)
        if newline is None:
            break
        whitespace = _whitespace(sc)
        if whitespace is None:
            sc.pos = start
            break
        node.children.append(Node("continuation", children=[newline, whitespace, _text(sc)]))
    return node


def _footer(sc: _Scanner) -> Node | None:
    start = sc.pos
    token = _token(sc)
    if token is None:
        return None
    separator = _separator(sc)
    if separator is None:
        sc.pos = start
        return None
    node = Node("footer", children=[token, separator])
    whitespace = _whitespace(sc)
    if whitespace is not None:
        node.children.append(whitespace)
    node.children.append(_value(sc))
    return node


def _pre_footer(sc: _Scanner) -> bool:
    """Whether all the rest parses as footers; the scanner is left where it was."""
    start = sc.pos
    chain: list[int] = []
    result = True
    while not sc.eof():
        _newline(sc)
        known = sc.pre_footer.get(sc.pos)
        if known is not None:
            result = known
            break
        chain.append(sc.pos)
        if _footer(sc) is None:
            result = False
            break
    for position in chain:
        sc.pre_footer[position] = result
    sc.pos = start
    return result


def _body(sc: _Scanner) -> Node | None:
    node = Node("body")
    pending: Node | None = None
    newline_start = sc.pos
    while True:
        if _pre_footer(sc):
            if pending is None:
                return None
            sc.pos = newline_start
            break
        if pending is not None:
            node.children.append(pending)
        breaking = _breaking_change(sc, allow_bang=False)
        if breaking is not None and sc.peek() == ":":
            sc.pos += 1
            node.children += [breaking, Node("separator", ":")]
            whitespace = _whitespace(sc)
            if whitespace is not None:
                node.children.append(whitespace)
        node.children.append(_text(sc))
        newline_start = sc.pos
        pending = _newline(sc)
        if pending is None:
            break
    return node


def _message(text: str) -> Node:
    sc = _Scanner(js_trim(text))
    summary = _summary(sc)
    if summary is None:
        raise _Unparsable
    node = Node("message", children=[summary])
    if sc.eof():
        return node
    newline = _newline(sc)
    if newline is None:
        raise _Unparsable
    node.children.append(newline)
    body = _body(sc)
    if body is not None:
        node.children.append(body)
    if sc.eof():
        return node
    if body is not None:
        newline = _newline(sc)
        if newline is None:
            raise _Unparsable
        node.children.append(newline)
    while not sc.eof():
        footer = _footer(sc)
        if footer is None:
            break
        node.children.append(footer)
        newline = _newline(sc)
        if newline is None:
            break
        node.children.append(newline)
    return node


def parse(text: str) -> Node | None:
    """Parse one commit message into a ``message`` tree, or None where the JS parser throws.

    >>> parse("fix(db)!: drop column").children[0].children[1]
    Node('scope', 'db')
    >>> parse("not conventional") is None
    True
    """
    try:
        return _message(text)
    except _Unparsable:
        return None
