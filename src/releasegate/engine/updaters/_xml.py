r"""A small XML DOM that parses and serialises like ``@xmldom/xmldom`` 0.8, plus an XPath subset.

release-please parses with xmldom, selects nodes with the ``xpath`` package and serialises with
xmldom's ``XMLSerializer``. What that does to a file, and what this module reproduces: line ends
become ``\n``; entities are decoded, then text is re-escaped (``&``, ``<``, ``>``) and attributes
are re-quoted with ``"`` (escaping ``<>&"`` and tab/CR/LF); elements without children become
``<a/>``; whitespace inside tags collapses to single spaces. Comments, CDATA, processing
instructions and the DOCTYPE are kept.

XPath subset: absolute paths of ``/`` and ``//`` steps; name tests (``name``, ``*``),
``@attr``, ``text()``; predicates ``[n]``, ``[@a='v']`` and ``[local-name()='v']``. Prefixed
names raise, as release-please gives xpath no namespace resolver. As in XPath 1.0, an
unprefixed name matches only elements in no namespace, so in a document with a default
``xmlns`` (a Maven POM) ``/project/version`` selects nothing.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Union

__all__ = ["Attr", "Element", "Leaf", "XmlError", "parse", "select", "serialize", "text_content"]


class XmlError(ValueError):
    """The XML or the XPath cannot be handled."""


@dataclass(slots=True)
class Attr:
    """An attribute: its qualified ``name`` and decoded ``value``."""

    name: str
    value: str


@dataclass(slots=True)
class Leaf:
    """A non-element node: ``kind`` is text, cdata, comment, pi or doctype; ``data`` its text."""

    kind: str
    data: str


@dataclass(slots=True)
class Element:
    """An element with its attributes, children and resolved namespace URI."""

    name: str
    attrs: list[Attr] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    namespace: str | None = None


Node = Union[Element, Leaf]  # noqa: UP007 - a runtime alias, Python 3.10 has no `type` statement

_TOKEN = re.compile(
    r"<!--(?P<comment>.*?)-->|<!\[CDATA\[(?P<cdata>.*?)\]\]>|<\?(?P<pi>.*?)\?>"
    r"|<!DOCTYPE(?P<doctype>(?:[^\[>]|\[.*?\])*)>|</(?P<end>[^\s>]+)\s*>"
    r"|<(?P<start>[^\s/>!?]+)(?P<attrs>(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(?P<empty>/?)>"
    r"|(?P<text>[^<]+)",
    re.DOTALL,
)
_ATTR = re.compile(r"([^\s=/>]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_CHAR_REF = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);")


def _decode(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        return html.unescape(match.group())

    return _CHAR_REF.sub(one, text)


def _namespaces(element: Element, inherited: dict[str, str]) -> dict[str, str]:
    scope = dict(inherited)
    for attr in element.attrs:
        if attr.name == "xmlns":
            scope[""] = attr.value
        elif attr.name.startswith("xmlns:"):
            scope[attr.name[6:]] = attr.value
    prefix = element.name.split(":")[0] if ":" in element.name else ""
    element.namespace = scope.get(prefix) or None
    return scope


def parse(text: str) -> list[Node]:
    """Parse ``text`` into the document's top-level nodes; raise XmlError if malformed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    root: list[Node] = []
    stack: list[tuple[Element, dict[str, str]]] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise XmlError(f"unexpected markup at offset {pos}")
        pos = match.end()
        siblings = stack[-1][0].children if stack else root
        scope = stack[-1][1] if stack else {}
        if match["comment"] is not None:
            siblings.append(Leaf("comment", match["comment"]))
        elif match["cdata"] is not None:
            siblings.append(Leaf("cdata", match["cdata"]))
        elif match["pi"] is not None:
            target, _, data = match["pi"].partition(" ")
            siblings.append(Leaf("pi", f"{target} {data.strip()}".strip()))
        elif match["doctype"] is not None:
            siblings.append(Leaf("doctype", "<!DOCTYPE" + match["doctype"] + ">"))
        elif match["end"] is not None:
            if not stack or stack[-1][0].name != match["end"]:
                raise XmlError(f"unexpected closing tag {match['end']!r}")
            stack.pop()
        elif match["start"] is not None:
            attrs = [
                Attr(m[1], _decode(m[2] if m[2] is not None else m[3]))
                for m in _ATTR.finditer(match["attrs"])
            ]
            element = Element(match["start"], attrs)
            siblings.append(element)
            child_scope = _namespaces(element, scope)
            if not match["empty"]:
                stack.append((element, child_scope))
        else:
            siblings.append(Leaf("text", _decode(match["text"])))
    if stack:
        raise XmlError(f"unclosed element {stack[-1][0].name!r}")
    return root


def text_content(node: Node | Attr) -> str:
    """Return the DOM ``textContent`` of a node."""
    if isinstance(node, Attr):
        return node.value
    if isinstance(node, Leaf):
        return node.data if node.kind in {"text", "cdata"} else ""
    return "".join(
        text_content(child)
        for child in node.children
        if not isinstance(child, Leaf) or child.kind in {"text", "cdata"}
    )


def _escape_attr(value: str) -> str:
    return re.sub(
        r"[<>&\"\t\n\r]",
        lambda m: {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;"}.get(
            m.group(), f"&#{ord(m.group())};"
        ),
        value,
    )


def _escape_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def serialize(nodes: list[Node]) -> str:
    """Serialise nodes as xmldom's ``XMLSerializer`` does."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Element):
            attrs = "".join(f' {a.name}="{_escape_attr(a.value)}"' for a in node.attrs)
            if node.children:
                out.append(f"<{node.name}{attrs}>{serialize(node.children)}</{node.name}>")
            else:
                out.append(f"<{node.name}{attrs}/>")
        elif node.kind == "text":
            out.append(_escape_text(node.data))
        elif node.kind == "cdata":
            out.append("<![CDATA[" + node.data.replace("]]>", "]]]]><![CDATA[>") + "]]>")
        elif node.kind == "comment":
            out.append(f"<!--{node.data}-->")
        elif node.kind == "pi":
            out.append(f"<?{node.data}?>")
        else:
            out.append(node.data)
    return "".join(out)


_STEP = re.compile(r"(?P<axis>//?)(?P<test>text\(\)|@?[\w.:-]+|\*|@\*)(?P<preds>(?:\[[^\]]*\])*)")
_PRED = re.compile(
    r"\[\s*(?:(?P<index>\d+)|@(?P<attr>[\w.:-]+)\s*=\s*(?:'(?P<av1>[^']*)'|\"(?P<av2>[^\"]*)\")"
    r"|local-name\(\)\s*=\s*(?:'(?P<ln1>[^']*)'|\"(?P<ln2>[^\"]*)\"))\s*\]"
)


def _descendants(nodes: list[Node]) -> list[Node]:
    found: list[Node] = []
    for node in nodes:
        found.append(node)
        if isinstance(node, Element):
            found.extend(_descendants(node.children))
    return found


def _name_matches(element: Element, test: str) -> bool:
    if test == "*":
        return True
    return element.namespace is None and element.name == test


def select(document: list[Node], path: str) -> list[Node | Attr]:
    """Evaluate the supported XPath subset against a parsed document."""
    text = path.strip()
    steps = list(_STEP.finditer(text))
    if not steps or "".join(m.group() for m in steps) != text:
        raise XmlError(f"unsupported XPath {path!r}")
    context: list[Node | Attr] = [Element("#document", children=document)]
    for step in steps:
        if ":" in step["test"]:
            # release-please passes no namespace resolver, so xpath throws on any prefix
            raise XmlError(f"Cannot resolve QName {step['test'].lstrip('@').split(':')[0]}")
        candidates: list[Node | Attr] = []
        for node in context:
            if not isinstance(node, Element):
                continue
            pool = [node]
            if step["axis"] == "//":
                pool = [n for n in _descendants([node]) if isinstance(n, Element)]
            for parent in pool:
                candidates.extend(_step(parent, step["test"], step["preds"]))
        seen: list[Node | Attr] = []
        for candidate in candidates:
            if not any(candidate is s for s in seen):
                seen.append(candidate)
        context = seen
    return context


def _has_attr(element: Element, name: str, value: str) -> bool:
    return any(a.name == name and a.value == value for a in element.attrs)


def _step(parent: Element, test: str, preds: str) -> list[Node | Attr]:
    if test.startswith("@"):
        matched: list[Node | Attr] = [a for a in parent.attrs if test[1:] in {"*", a.name}]
    elif test == "text()":
        matched = [
            c for c in parent.children if isinstance(c, Leaf) and c.kind in {"text", "cdata"}
        ]
    else:
        matched = [c for c in parent.children if isinstance(c, Element) and _name_matches(c, test)]
    for pred in _PRED.finditer(preds):
        if pred["index"]:
            index = int(pred["index"]) - 1
            matched = matched[index : index + 1]
        elif pred["attr"]:
            want = pred["av1"] if pred["av1"] is not None else pred["av2"]
            name = pred["attr"]
            matched = [m for m in matched if isinstance(m, Element) and _has_attr(m, name, want)]
        else:
            want = pred["ln1"] if pred["ln1"] is not None else pred["ln2"]
            matched = [
                m for m in matched if isinstance(m, Element) and m.name.split(":")[-1] == want
            ]
    return matched
