"""Glob matching with minimatch's rules (as release-please's ``extra-files`` globs use them)."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["glob_match"]


def glob_match(pattern: str, path: str) -> bool:
    """Return True when ``path`` matches ``pattern``.

    Supports ``*``, ``?``, ``[...]``, ``**`` (any number of directories) and ``{a,b}``;
    like minimatch's defaults, wildcards do not match a leading ``.`` of a path segment.

    >>> glob_match("src/**/*.py", "src/a/b/c.py"), glob_match("*.py", ".hidden.py")
    (True, False)
    """
    return any(_compile(p).fullmatch(path) for p in _expand_braces(pattern))


def _expand_braces(pattern: str) -> list[str]:
    match = re.search(r"\{([^{}]*,[^{}]*)\}", pattern)
    if not match:
        return [pattern]
    head, tail = pattern[: match.start()], pattern[match.end() :]
    return [e for alt in match[1].split(",") for e in _expand_braces(head + alt + tail)]


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    parts = pattern.split("/")
    regex = ""
    for index, part in enumerate(parts):
        if part == "**":
            regex += r"(?:(?!\.)[^/]*(?:/|$))*"  # any directories, none starting with a dot
            continue
        regex += _segment(part) + ("" if index == len(parts) - 1 else "/")
    return re.compile(regex)


def _segment(part: str) -> str:
    out = "" if part.startswith(".") else r"(?!\.)"
    i = 0
    while i < len(part):
        char = part[i]
        if char == "*":
            out += "[^/]*"
        elif char == "?":
            out += "[^/]"
        elif char == "[":
            end = part.find("]", i + 1)
            if end == -1:
                out += re.escape(char)
            else:
                body = part[i + 1 : end].replace("\\\\", "\\\\\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out += f"[{body}]"
                i = end
        else:
            out += re.escape(char)
        i += 1
    return out
