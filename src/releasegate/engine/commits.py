"""Conventional commits as release-please parses them.

``Commit`` is what git gives us; ``ConventionalCommit`` is one conventional message found in it
(one git commit can yield several). The parser is ``parse_conventional_commits``, a port of
release-please 17.11.2's ``parseConventionalCommits`` (``src/commit.ts``) on top of
``releasegate.engine._commit_grammar`` (its ``@conventional-commits/parser``).

What it does, as release-please does it:

* A message splits into several before parsing: each ``BEGIN_NESTED_COMMIT`` ...
  ``END_NESTED_COMMIT`` block is a message of its own (listed after the rest), and the rest
  splits at blank lines followed by a known type (``feat``, ``fix``, ``docs``, ``style``,
  ``refactor``, ``perf``, ``test``, ``build``, ``ci``, ``chore``, ``revert``), an optional
  ``(scope)`` and ``": "``.
* A message that is not conventional is skipped (logged at debug level).
* Every footer with a type token (``Refs: x``, ``Signed-off-by: x``, ``feat!: x``,
  ``Release-As: x``) is parsed again as a message; those that parse become extra commits,
  listed *before* the commit they came from (``Closes #12`` style footers never do).
* Notes: ``BREAKING CHANGE`` (from ``!``, a ``BREAKING CHANGE:``/``BREAKING-CHANGE:`` body line
  or footer) and ``RELEASE AS`` (from a ``Release-As:`` footer, any casing).
* References come only from footers: ``Closes #12`` and ``Refs: #12`` give
  ``CommitReference("#", "12", "Closes")``.
* There is no revert handling: ``revert: x`` is a commit of type ``revert``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from releasegate.engine._commit_fast import HEADER, parse_simple
from releasegate.engine._commit_grammar import JS_WHITESPACE, Node, js_trim, parse, visit_parents

if TYPE_CHECKING:
    from collections.abc import Iterable

    from releasegate.engine._commit_fast import Simple

__all__ = [
    "BREAKING_CHANGE",
    "RELEASE_AS",
    "Commit",
    "CommitNote",
    "CommitReference",
    "ConventionalCommit",
    "make_commit",
    "override_message",
    "parse_conventional_commits",
    "split_messages",
]

#: Title of the note a breaking change leaves (``!``, ``BREAKING CHANGE:``, ``BREAKING-CHANGE:``).
BREAKING_CHANGE = "BREAKING CHANGE"
#: Title of the note a ``Release-As:`` footer leaves; its text is the requested version.
RELEASE_AS = "RELEASE AS"

_LOG = logging.getLogger(__name__)
# release-please's splitMessages() lookahead; JavaScript's "." also stops at \r, U+2028, U+2029.
_SPLIT = re.compile(
    r"\r?\n\r?\n(?=(?:feat|fix|docs|style|refactor|perf|test|build|ci|chore|revert)"
    r"(?:\([^\n\r\u2028\u2029]*?\))?: )"
)
_BODY_BREAKING = re.compile(rf"BREAKING-CHANGE:[{re.escape(JS_WHITESPACE)}]*([^\n\r\u2028\u2029]*)")
_LINE_BREAK = re.compile(r"\r?\n")
_EXTENDED_CONTEXT = re.compile(r"#### |[*-] ")
_NUMBER = re.compile(r"[0-9]+")


class Commit(NamedTuple):
    """A git commit: sha, raw message (trailing newlines stripped) and changed paths.

    A named tuple, as :class:`ConventionalCommit`: a long history makes one per commit, and a
    tuple is built several times faster than a frozen dataclass.
    """

    sha: str
    message: str
    files: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CommitNote:
    """A note such as ``BREAKING CHANGE: text`` (``title`` is ``BREAKING CHANGE``)."""

    title: str
    text: str


@dataclass(frozen=True, slots=True)
class CommitReference:
    """An issue reference from a footer such as ``Closes #12`` (``action`` is ``Closes``).

    The parser always sets ``action`` to the footer's token, ``""`` for a token without a type
    (``BREAKING CHANGE #12``); None is only for references built by hand.
    """

    prefix: str
    issue: str
    action: str | None = None


class ConventionalCommit(NamedTuple):
    """One conventional message of a commit, as release-please's ``ConventionalCommit``.

    Immutable; ``commit._replace(notes=...)`` makes a changed copy.
    """

    sha: str
    message: str
    files: tuple[str, ...]
    type: str
    scope: str | None
    bare_message: str
    notes: tuple[CommitNote, ...] = ()
    references: tuple[CommitReference, ...] = ()
    breaking: bool = False


# Building the tuple directly skips the generated __new__ (its argument handling): the
# parser makes one per commit. tests/engine/test_commits.py checks both against the constructors.
_tuple_new = tuple.__new__


def _conventional(  # noqa: PLR0917 - one positional argument per field, as the constructor
    sha: str,
    message: str,
    files: tuple[str, ...],
    type_: str,
    scope: str | None,
    bare_message: str,
    notes: tuple[CommitNote, ...],
    references: tuple[CommitReference, ...],
    breaking: bool,
) -> ConventionalCommit:
    """``ConventionalCommit(...)`` with the same positional arguments, built faster."""
    fields = (sha, message, files, type_, scope, bare_message, notes, references, breaking)
    return _tuple_new(ConventionalCommit, fields)


def make_commit(sha: str, message: str, files: tuple[str, ...] = ()) -> Commit:
    """``Commit(sha, message, files)``, built faster: ``git log`` makes one per commit.

    >>> make_commit("abc", "fix: x") == Commit("abc", "fix: x")
    True
    """
    return _tuple_new(Commit, (sha, message, files))


@dataclass(slots=True)
class _Note:
    title: str
    text: str


@dataclass(slots=True)
class _Parsed:
    """conventional-changelog's commit record, the part release-please reads."""

    type: str = ""
    scope: str | None = None
    subject: str = ""
    header: str = ""
    body: str = ""
    notes: list[_Note] = field(default_factory=list)
    references: list[CommitReference] = field(default_factory=list)


def override_message(body: str) -> str | None:
    r"""The ``BEGIN_COMMIT_OVERRIDE`` block of a pull request body, trimmed; None without one.

    release-please's ``preprocessCommitMessage`` (``src/commit.ts``): the text after the first
    ``BEGIN_COMMIT_OVERRIDE``, up to the next ``END_COMMIT_OVERRIDE`` (or the next BEGIN),
    trimmed as JavaScript trims. An empty block counts as none. The result replaces the whole
    message of every commit that carries the pull request, for the bump and the changelog.

    >>> override_message("Notes.\n\nBEGIN_COMMIT_OVERRIDE\nfix: a\nfeat!: b\nEND_COMMIT_OVERRIDE")
    'fix: a\nfeat!: b'
    >>> override_message("BEGIN_COMMIT_OVERRIDE\n  \nEND_COMMIT_OVERRIDE") is None
    True
    """
    parts = body.split("BEGIN_COMMIT_OVERRIDE", 2)
    if len(parts) < 2:  # noqa: PLR2004 - text before and after the marker
        return None
    return js_trim(parts[1].split("END_COMMIT_OVERRIDE", 1)[0]) or None


def split_messages(message: str) -> list[str]:
    r"""Split a commit message into the messages release-please parses separately.

    Nested-commit blocks come last, in order; the rest splits before each blank line that is
    followed by a known type and ``": "``.

    >>> split_messages("fix: a\n\nfeat(x): b\n\nfeat!: c")
    ['fix: a', 'feat(x): b\n\nfeat!: c']
    """
    if "\n" not in message and "BEGIN_NESTED_COMMIT" not in message:
        return [message] if message else []
    main, *parts = message.split("BEGIN_NESTED_COMMIT")
    nested = []
    for part in parts:
        inner, *rest = part.split("END_NESTED_COMMIT")
        nested.append(inner)
        main += "END_NESTED_COMMIT".join(rest)
    return [piece for piece in _SPLIT.split(main) if piece] + nested


def _breaking_note(ast: Node, parsed: _Parsed) -> _Note:
    """Build the BREAKING CHANGE note; its text stays empty when there is no breaking change."""
    note = _Note(BREAKING_CHANGE, "")

    def visitor(node: Node, ancestors: list[Node]) -> None:
        # Pops change the list later siblings see: only the first marker in a body counts.
        if not ancestors:
            return
        parent = ancestors.pop()
        if parent.kind == "summary":
            note.text = parsed.subject
        elif parent.kind == "body":
            note.text = ""
            seen_marker = False
            for item in parent.walk("breaking-change", "text", "newline"):
                if item.kind == "breaking-change":
                    seen_marker = True
                elif seen_marker:
                    note.text += item.value
        elif parent.kind == "token" and "BREAKING" in node.value and ancestors:
            for item in ancestors.pop().walk("text", "newline"):
                note.text = item.value  # the last line of the footer wins

    visit_parents(ast, "breaking-change", visitor, [])
    return note


def _references(ast: Node) -> list[CommitReference]:
    references = []
    for footer in ast.walk("footer"):
        action = issue = ""
        has_separator = False
        for node in footer.walk("type", "separator", "text"):
            if node.kind == "type":
                action = node.value
            elif node.kind == "separator":
                has_separator = has_separator or "#" in node.value
            elif node.value.startswith("#"):
                has_separator = True
                issue = node.value[1:]
            else:
                issue = node.value
        if has_separator and _NUMBER.fullmatch(issue):
            references.append(CommitReference("#", issue, action))
    return references


def _footer_text(footer: Node) -> str:
    parts = []
    for node in footer.walk("type", "scope", "breaking-change", "separator", "text", "newline"):
        if node.kind == "scope":
            parts.append(f"({node.value})")
        elif node.kind == "separator":
            if "#" not in node.value:  # "Fixes #99" is no commit
                parts.append(f"{node.value} ")
        else:
            parts.append(node.value)
    return "".join(parts)


def _to_changelog_format(ast: Node) -> list[_Parsed]:
    """release-please's toConventionalChangelogFormat: footer commits first, then the header."""
    commits: list[_Parsed] = []
    head = _Parsed()
    summary = body = None
    for node in ast.walk("body", "summary"):
        if node.kind == "body":
            body = node
        else:
            summary = node
    for node in summary.walk() if summary else ():
        if node.kind == "type":
            head.type = node.value
            head.header += node.value
        elif node.kind == "scope":
            head.scope = node.value
            head.header += f"({node.value})"
        elif node.kind == "breaking-change":
            head.header += "!"
        elif node.kind == "text":
            head.subject = node.value
            head.header += f": {node.value}"
    if body is not None:
        head.body = "".join(node.value for node in body.walk("text", "newline"))
    # release-please also matches /BREAKING-CHANGE:/ against String(body), which is always
    # "[object Object]": dead code, left out. _post_process() does match the body text.
    breaking = _breaking_note(ast, head)
    if breaking.text:
        head.notes.append(breaking)
    head.references = _references(ast)

    def split_footer(node: Node, ancestors: list[Node]) -> None:
        if not ancestors or ancestors.pop().kind != "token" or not ancestors:
            return
        footer = ancestors.pop()
        if node.value.lower() == "release-as":
            texts = [item.value for item in footer.walk("text")]
            head.notes.append(_Note(RELEASE_AS, texts[-1] if texts else ""))
        nested = parse(_footer_text(footer))
        if nested is not None:
            commits.extend(_to_changelog_format(nested))

    visit_parents(ast, "type", split_footer, [])
    commits.append(head)
    return commits


def _post_process(parsed: _Parsed) -> None:
    """Fold note lines (a blank line ends a note; markdown lists keep lines) and BREAKING-CHANGE."""
    for note in parsed.notes:
        text = ""
        extended = False
        for index, chunk in enumerate(_LINE_BREAK.split(note.text)):
            if index > 0 and not extended and _EXTENDED_CONTEXT.match(chunk):
                text = js_trim(text) + "\n"
                extended = True
            if not chunk:
                break
            text += f"    {chunk}\n" if extended else f"{chunk} "
        note.text = js_trim(text)
    match = _BODY_BREAKING.search(parsed.body)
    if match and match.group(1):
        extra = js_trim(match.group(1))
        existing = next((n for n in parsed.notes if n.title == BREAKING_CHANGE), None)
        if existing is not None:
            existing.text += f"\n{extra}"
        else:
            parsed.notes.append(_Note(BREAKING_CHANGE, extra))


def _from_simple(commit: Commit, simple: Simple) -> ConventionalCommit:
    """Build the ConventionalCommit of ``commit`` for one fast-path result."""
    header, type_, scope, subject, breaking, release_as, references = simple
    notes: tuple[CommitNote, ...] = ()
    if breaking is not None:
        notes = (CommitNote(BREAKING_CHANGE, breaking),)
    if release_as:
        notes += tuple(CommitNote(RELEASE_AS, text) for text in release_as)
    refs = tuple(CommitReference("#", i, a) for i, a in references) if references else ()
    return _conventional(
        commit.sha, header, commit.files, type_, scope, subject, notes, refs, breaking is not None
    )


def _parse_full(commit: Commit, message: str) -> list[ConventionalCommit]:
    """Parse one message with the full grammar (what release-please does)."""
    ast = parse(message)
    if ast is None:
        _LOG.debug("commit could not be parsed: %s %s", commit.sha, commit.message.split("\n")[0])
        return []
    result = []
    for parsed in _to_changelog_format(ast):
        _post_process(parsed)
        notes = tuple(CommitNote(note.title, note.text) for note in parsed.notes)
        result.append(
            ConventionalCommit(
                sha=commit.sha,
                message=parsed.header,
                files=commit.files,
                type=parsed.type,
                scope=parsed.scope,
                bare_message=parsed.subject,
                notes=notes,
                references=tuple(parsed.references),
                breaking=any(note.title == BREAKING_CHANGE for note in notes),
            )
        )
    return result


def parse_conventional_commits(commits: Iterable[Commit]) -> list[ConventionalCommit]:
    """Parse and expand commits into conventional commits, in release-please's order.

    One commit can yield none (not conventional: logged at debug level and skipped) or several
    (split messages, nested commits, commit-like footers), each with the commit's sha and files.
    Never raises.

    >>> [c.message for c in parse_conventional_commits([Commit("abc", "fix(db)!: drop x")])]
    ['fix(db)!: drop x']
    >>> parse_conventional_commits([Commit("abc", "Update README")])
    []
    """
    result: list[ConventionalCommit] = []
    one_line = HEADER.fullmatch
    for commit in commits:
        message = commit.message
        if (
            "\n" not in message
            and "\r" not in message
            and "BREAKING" not in message
            and "BEGIN_NESTED_COMMIT" not in message
            and (head := one_line(message.strip(JS_WHITESPACE))) is not None
        ):
            # The commonest message, one summary line: parse_simple's answer, built inline.
            type_, scope, bang, subject = head.groups()
            header = f"{type_}({scope}){bang}: {subject}" if scope else f"{type_}{bang}: {subject}"
            notes = (CommitNote(BREAKING_CHANGE, js_trim(subject)),) if bang and subject else ()
            result.append(
                _conventional(
                    commit.sha, header, commit.files, type_, scope, subject, notes, (), bool(notes)
                )
            )
            continue
        for message in split_messages(commit.message):
            # Most messages take the fast path; it gives what _parse_full would.
            simple = parse_simple(message)
            if simple is None:
                result += _parse_full(commit, message)
            else:
                result += [_from_simple(commit, item) for item in simple]
    return result
