"""A fast path for the commit messages most repositories are made of.

``releasegate.engine.commits`` parses a message with the full grammar (``_commit_grammar``) and
walks the syntax tree as release-please does; that costs tens of microseconds a message. Most
messages have a shape whose result can be read off directly:

* a summary line ``type(scope)!: subject`` (scope and ``!`` optional);
* body lines, none of which the grammar could take for a footer other than the simple
  ``token: value`` / ``token #value`` kind (so no scope or ``!`` after a leading word, which
  could also make the grammar throw on an unclosed ``(``);
* a run of such simple footers at the end, none continued on an indented line;
* no ``BREAKING`` anywhere (no breaking-change markers, body notes or footers).

For these, ``parse_simple`` returns exactly what the full path builds; for anything else it
returns None and the caller uses the full path. tests/property/test_commits_fast.py checks the
equivalence on generated messages.

Why the result is what it is: the grammar keeps every line before the final run of footers in
the body, which contributes nothing without ``BREAKING``; each footer gives a reference when
its value is an issue number after ``#``, a ``RELEASE AS`` note for ``Release-As``, and is
parsed again as a one-line message (``Refs: #12`` is a commit of type ``Refs``, ``Closes #12``
reads as ``Closes12``, no commit), listed before the commit itself.
"""

from __future__ import annotations

import re

from releasegate.engine._commit_grammar import js_trim

__all__ = ["HEADER", "Simple", "parse_simple"]

#: One conventional message: header, type, scope, subject, breaking-change note text (None
#: when not breaking), ``Release-As`` note texts, references as (issue, action) pairs.
Simple = tuple[str, str, str | None, str, str | None, tuple[str, ...], tuple[tuple[str, str], ...]]

# The grammar's white space (not JavaScript's) and the characters that end a type token.
_WS = "\ufeff\t\v\f \u00a0"
#: A summary line the fast path takes: type, scope (or None), "!" (or ""), subject.
HEADER = re.compile(rf"([^()!:{_WS}\r\n]+)(?:\(([^()\r\n]+)\))?(!?):[{_WS}]*([^\r\n]*)")
_HEADER = HEADER
_FOOTER = re.compile(rf"([^()!:{_WS}\r\n]+)(:| #)[{_WS}]*([^\r\n]*)")
# A line the grammar might read as (the start of) a footer, or that makes it throw.
_FOOTER_START = re.compile(rf"!|[^()!:{_WS}\r\n]+(?:[(!:]| #)")
_NEWLINES = re.compile(r"[\r\n]+")
_NUMBER = re.compile(r"[0-9]+")


def parse_simple(message: str) -> list[Simple] | None:
    r"""Return the conventional messages in ``message``, or None when it needs the full parser.

    >>> parse_simple("fix(db)!: drop x")
    [('fix(db)!: drop x', 'fix', 'db', 'drop x', 'drop x', (), ())]
    >>> parse_simple("feat: y\n\nCloses #7")
    [('feat: y', 'feat', None, 'y', None, (), (('7', 'Closes'),))]
    >>> parse_simple("fix(x: unclosed") is None
    True
    """
    text = js_trim(message)
    if "BREAKING" in text:
        return None
    if "\n" not in text and "\r" not in text:
        head = _HEADER.fullmatch(text)
        return None if head is None else [_simple(head, (), ())]
    header, *lines = _NEWLINES.split(text)
    head = _HEADER.fullmatch(header)
    if head is None:
        return None
    footers = [_FOOTER.match(line) for line in lines]
    for index, line in enumerate(lines):
        if footers[index] is None and _FOOTER_START.match(line):
            return None  # a scope, "!" or unclosed "(": left to the full parser
        if index and line[0] in _WS and footers[index - 1]:
            return None  # a footer's continuation line
    start = len(lines)  # the footers: the longest run of footer lines at the end
    while start and footers[start - 1]:
        start -= 1
    release_as: list[str] = []
    references: list[tuple[str, str]] = []
    result: list[Simple] = []
    for footer in footers[start:]:
        assert footer is not None  # noqa: S101 - the loop above stopped at the first None
        token, separator, value = footer.groups()
        if token.lower() == "release-as":
            release_as.append(js_trim(value))
        issue = value.removeprefix("#")
        if (separator == " #" or value.startswith("#")) and _NUMBER.fullmatch(issue):
            references.append((issue, token))
        # Each footer is parsed again as a message ("Fixes #99" becomes "Fixes99": no commit).
        footer_text = f"{token}: {value}" if separator == ":" else f"{token}{value}"
        nested = parse_simple(footer_text)
        if nested is not None:
            result += nested
        elif _FOOTER_START.match(js_trim(footer_text)):
            return None  # it might parse in a way this module does not cover
    result.append(_simple(head, tuple(release_as), tuple(references)))
    return result


def _simple(
    head: re.Match[str], release_as: tuple[str, ...], references: tuple[tuple[str, str], ...]
) -> Simple:
    type_, scope, bang, subject = head.groups()
    # The grammar's header leaves out the white space after ":"; "!" with an empty subject
    # leaves no note (its text would be empty), so the commit is not breaking.
    header = f"{type_}({scope}){bang}: {subject}" if scope else f"{type_}{bang}: {subject}"
    breaking = js_trim(subject) if bang and subject else None
    return header, type_, scope, subject, breaking, release_as, references
