"""node-html-parser's tree building (v6.1), enough for release-please's release PR bodies.

release-please reads a merged release PR's ``<details>`` blocks with node-html-parser and takes
their ``textContent`` as release notes. That parser is not an HTML5 one: a stray ``<c>`` in the
notes stays open and swallows what follows, an unmatched closing tag is ignored, and unclosed
elements are unwrapped at the end. Release notes are markdown that may hold such text, so the
same tree is built here, rule for rule, to give the same notes.
"""

from __future__ import annotations

import html
import re

__all__ = ["Element", "parse"]

_MARKUP = re.compile(
    r"<!--[\s\S]*?-->|<(/?)([a-zA-Z][-.:0-9_a-zA-Z]*)"
    r"((?:\s+[^>]*?(?:(?:'[^']*')|(?:\"[^\"]*\"))?)*)\s*(/?)>"
)
_FRAME = "documentfragmentcontainer"
_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr")
)  # fmt: skip
_BLOCK_TEXT = frozenset(("script", "noscript", "style", "pre"))
_CLOSED_BY_OPENING: dict[str, frozenset[str]] = {
    "li": frozenset({"li", "LI"}),
    "p": frozenset({"p", "div", "P", "DIV"}),
    "b": frozenset({"div", "DIV"}),
    "td": frozenset({"td", "th", "TD", "TH"}),
    "th": frozenset({"td", "th", "TD", "TH"}),
    **{f"h{n}": frozenset({f"h{n}", f"H{n}"}) for n in range(1, 7)},
}
_CLOSED_BY_OPENING |= {key.upper(): value for key, value in _CLOSED_BY_OPENING.items()}
_CLOSED_BY_CLOSING: dict[str, frozenset[str]] = {
    "LI": frozenset({"ul", "ol", "UL", "OL"}),
    "A": frozenset({"div", "DIV"}),
    "B": frozenset({"div", "DIV"}),
    "I": frozenset({"div", "DIV"}),
    "P": frozenset({"div", "DIV"}),
    "TD": frozenset({"tr", "table", "TR", "TABLE"}),
    "TH": frozenset({"tr", "table", "TR", "TABLE"}),
}


class Element:
    """An element: its tag as written and its children (elements and raw text)."""

    __slots__ = ("children", "parent", "raw_tag")

    def __init__(self, raw_tag: str | None, parent: Element | None = None) -> None:
        self.raw_tag = raw_tag
        self.parent = parent
        self.children: list[Element | _Text] = []

    @property
    def tag(self) -> str:
        """The tag name upper-cased ('' for the root)."""
        return (self.raw_tag or "").upper()

    def append(self, node: Element | _Text) -> None:
        """Move ``node`` here, taking it from its old parent."""
        if node.parent is not None:
            node.parent.remove(node)
        self.children.append(node)
        node.parent = self

    def remove(self, node: Element | _Text) -> None:
        """Drop ``node`` from the children (no-op when it is not one)."""
        self.children = [child for child in self.children if child is not node]

    def raw_text(self) -> str:
        """The undecoded text of the subtree; ``<br>`` reads as a newline."""
        if self.tag == "BR":
            return "\n"
        return "".join(child.raw_text() for child in self.children)

    def text_content(self) -> str:
        """The text of the subtree, HTML entities decoded."""
        return html.unescape(self.raw_text())

    def elements(self, tag: str) -> list[Element]:
        """Every descendant element called ``tag`` (any case), in document order."""
        wanted = tag.upper()
        found: list[Element] = []
        for child in self.children:
            if isinstance(child, Element):
                if child.tag == wanted:
                    found.append(child)
                found.extend(child.elements(tag))
        return found


class _Text:
    __slots__ = ("parent", "text")

    def __init__(self, text: str, parent: Element) -> None:
        self.text = text
        self.parent: Element | None = parent

    def raw_text(self) -> str:
        return self.text


def parse(source: str) -> Element:
    """Build node-html-parser's tree for ``source`` and return its root."""
    data = f"<{_FRAME}>{source}</{_FRAME}>"
    root = Element(None)
    stack = [root]
    last_text = -1
    position = 0
    while (match := _MARKUP.search(data, position)) is not None:
        position = match.end()
        leading_slash, tag, _, closing_slash = match.groups()
        start, end = match.start(), match.end()
        if last_text > -1 and last_text + len(match[0]) < end:
            stack[-1].append(_Text(data[last_text:start], stack[-1]))
        last_text = end
        if tag == _FRAME or match[0][1] == "!":
            continue
        if not leading_slash:
            parent_tag = stack[-1].raw_tag or ""
            if not closing_slash and tag in _CLOSED_BY_OPENING.get(parent_tag, ()):
                stack.pop()
            element = Element(tag)
            stack[-1].append(element)
            stack.append(element)
            if tag.lower() in _BLOCK_TEXT:
                close = f"</{tag}>"
                close_at = data.find(close, end)
                text_end = len(data) - (len(_FRAME) + 2) if close_at == -1 else close_at
                text = data[end:text_end]
                if text and re.search(r"\S", text):
                    element.append(_Text(text, element))
                if close_at == -1:
                    last_text = position = len(data) + 1
                else:
                    last_text = position = close_at + len(close)
                    leading_slash = "/"
        if leading_slash or closing_slash or tag in _VOID:
            while True:
                current = stack[-1]
                if current.raw_tag == tag:
                    stack.pop()
                    break
                if tag in _CLOSED_BY_CLOSING.get(current.tag, ()):
                    stack.pop()
                    continue
                break
    while len(stack) > 1:
        last = stack.pop()
        before = stack[-1]
        if last.parent is not None and last.parent.parent is not None:
            if last.parent is before and last.tag == before.tag:
                before.remove(last)
                for child in list(last.children):
                    if before.parent is not None:
                        before.parent.append(child)
                stack.pop()
            else:
                before.remove(last)
                for child in list(last.children):
                    before.append(child)
    return root
