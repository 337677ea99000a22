"""The subset of JSONPath (as ``jsonpath-plus`` reads it) that release-please users need.

Supported: ``$``, ``.name``, ``['name']`` / ``["name"]``, ``[n]``, ``.*`` / ``[*]``, and ``..``
(recursive descent) before any of them. Filters, slices, unions and script expressions are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["JsonPathError", "Location", "find"]

_WILDCARD = "*"
_TOKEN = re.compile(
    r"""
    (?P<descend>\.\.)?
    (?:
        \[\s*(?:'(?P<single>(?:[^'\\]|\\.)*)'|"(?P<double>(?:[^"\\]|\\.)*)"|(?P<index>-?\d+)|(?P<star>\*))\s*\]
      | (?(descend)|\.)(?P<name>[^.\[\]]+)
    )
    """,
    re.VERBOSE,
)


class JsonPathError(ValueError):
    """The path uses JSONPath syntax this implementation does not support."""


@dataclass(frozen=True, slots=True)
class Location:
    """A matched value: its ``parent`` container, its ``key`` there, its ``path`` from the root."""

    parent: Any
    key: str | int
    path: tuple[str | int, ...]

    @property
    def value(self) -> Any:
        """The value found at this location."""
        return self.parent[self.key]


@dataclass(frozen=True, slots=True)
class _Step:
    name: str  # a key, or "*"
    descend: bool


def _parse(path: str) -> list[_Step]:
    text = path.strip()
    if not text.startswith("$"):
        raise JsonPathError(f"unsupported JSONPath {path!r}: it must start with '$'")
    steps: list[_Step] = []
    pos = 1
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise JsonPathError(f"unsupported JSONPath {path!r} at {text[pos:]!r}")
        quoted = match["single"] if match["single"] is not None else match["double"]
        if quoted is not None:
            name = re.sub(r"\\(.)", r"\1", quoted)
        elif match["star"]:
            name = _WILDCARD
        else:
            name = match["index"] if match["index"] is not None else match["name"]
        steps.append(_Step(name, descend=match["descend"] is not None))
        pos = match.end()
    return steps


def _children(node: Any) -> list[tuple[str | int, Any]]:
    if isinstance(node, dict):
        return list(node.items())
    if isinstance(node, list):
        return list(enumerate(node))
    return []


def _select(node: Any, name: str, path: tuple[str | int, ...]) -> list[Location]:
    if name == _WILDCARD:
        return [Location(node, key, (*path, key)) for key, _ in _children(node)]
    if isinstance(node, dict):
        return [Location(node, name, (*path, name))] if name in node else []
    if isinstance(node, list) and name.isdigit() and int(name) < len(node):
        return [Location(node, int(name), (*path, int(name)))]
    return []


def _is_container(value: Any, leaf: type | tuple[type, ...]) -> bool:
    return isinstance(value, (dict, list)) and not isinstance(value, leaf)


def find(root: Any, path: str, leaf: type | tuple[type, ...] = ()) -> list[Location]:
    """Return the locations ``path`` matches in ``root`` (dicts and lists), in document order.

    Values of a ``leaf`` type are not descended into. The root itself is never returned (it has
    no parent to write into). Raises JsonPathError for syntax outside the supported subset.
    """
    found: list[Location] = []

    def walk(node: Any, steps: list[_Step], at: tuple[str | int, ...]) -> None:
        step, rest = steps[0], steps[1:]
        for location in _select(node, step.name, at):
            if rest:
                if _is_container(location.value, leaf):
                    walk(location.value, rest, location.path)
            else:
                found.append(location)
        if step.descend:
            for key, child in _children(node):
                if _is_container(child, leaf):
                    walk(child, steps, (*at, key))

    steps = _parse(path)
    if steps and _is_container(root, leaf):
        walk(root, steps, ())
    return found
