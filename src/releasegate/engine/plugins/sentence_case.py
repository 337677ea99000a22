"""release-please's ``sentence-case`` plugin: capitalise the first word of each commit message.

It changes what the changelog shows: ``bare_message`` (the subject) and the first word after
the first ``:`` of ``message`` (the header) get an upper-case first letter when they start with
a lower-case ASCII letter, unless they are one of the special words (``gRPC``, ``npm`` by
default). As in release-please, ``bare_message`` is compared with the special words as a whole,
and the header is split at its *first* colon, even one inside a scope.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from releasegate.engine._js import JS_WHITESPACE, js_trim
from releasegate.engine.config import SentenceCaseConfig
from releasegate.engine.plugins import ManifestPlugin

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from releasegate.engine.commits import ConventionalCommit
    from releasegate.engine.config import AnyPluginConfig
    from releasegate.engine.plugins import PluginContext

__all__ = ["SPECIAL_WORDS", "SentenceCase", "sentence_case"]

#: Words release-please never capitalises unless told otherwise.
SPECIAL_WORDS: tuple[str, ...] = ("gRPC", "npm")

_WHITESPACE = re.compile(f"[{re.escape(JS_WHITESPACE)}]")
_LOWER_FIRST = re.compile(r"[a-z]")


def _capitalise(word: str, special_words: frozenset[str]) -> str:
    if word in special_words or not _LOWER_FIRST.match(word):
        return word
    return word[0].upper() + word[1:]


def _capitalise_header(message: str, special_words: frozenset[str]) -> str:
    if ":" not in message:
        return message
    prefix, rest = message.split(":", 1)
    suffix = js_trim(rest)
    space = _WHITESPACE.search(suffix)
    end = space.start() if space else len(suffix)
    return f"{prefix}: {_capitalise(suffix[:end], special_words)}{suffix[end:]}"


def sentence_case(
    commits: Iterable[ConventionalCommit], special_words: Iterable[str] | None = None
) -> list[ConventionalCommit]:
    """Return the commits with their subject and header sentence-cased.

    ``special_words`` replaces the default list (an empty list means no special words).

    >>> from releasegate.engine.commits import Commit, parse_conventional_commits
    >>> [commit] = sentence_case(parse_conventional_commits([Commit("a", "fix(db): drop x")]))
    >>> commit.message, commit.bare_message
    ('fix(db): Drop x', 'Drop x')
    """
    words = frozenset(SPECIAL_WORDS if special_words is None else special_words)
    return [
        commit._replace(
            bare_message=_capitalise(commit.bare_message, words),
            message=_capitalise_header(commit.message, words),
        )
        for commit in commits
    ]


class SentenceCase(ManifestPlugin):
    """The ``sentence-case`` plugin: :func:`sentence_case` in the ``process_commits`` phase."""

    def __init__(self, special_words: Iterable[str] | None = None) -> None:
        self.special_words = None if special_words is None else tuple(special_words)

    @classmethod
    def from_config(cls, config: AnyPluginConfig, context: PluginContext) -> SentenceCase:
        """Build the plugin from its ``plugins`` entry."""
        del context
        if not isinstance(config, SentenceCaseConfig):  # pragma: no cover - registry bug
            raise TypeError(config)
        return cls(config.special_words)

    def process_commits(self, commits: Sequence[ConventionalCommit]) -> list[ConventionalCommit]:
        """Sentence-case every commit's subject and header."""
        return sentence_case(commits, self.special_words)
