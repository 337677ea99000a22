"""Secrets never reach output: a ``Secret`` type and ``redact()`` for every printed line."""

from __future__ import annotations

import re
import threading

__all__ = ["Secret", "redact", "register_secret"]

_MASK = "***"
_lock = threading.Lock()
_secrets: set[str] = set()
# userinfo in URLs: scheme://user:password@host -> scheme://***@host
_URL_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/@\s]+@")


class Secret:
    """A secret value whose ``str()`` and ``repr()`` are masked.

    Creating one registers the value so that :func:`redact` masks it anywhere.

    >>> s = Secret("hunter2")
    >>> str(s), s.reveal()
    ('***', 'hunter2')
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value
        register_secret(value)

    def reveal(self) -> str:
        """Return the real value, to hand to a client or a subprocess environment."""
        return self._value

    def __str__(self) -> str:
        return _MASK

    def __repr__(self) -> str:
        return f"Secret({_MASK!r})"

    def __bool__(self) -> bool:
        return bool(self._value)


def register_secret(value: str) -> None:
    """Remember ``value`` so :func:`redact` masks it; short values are ignored (too noisy)."""
    if len(value) >= 4:  # noqa: PLR2004 - masking 1-3 characters would mangle ordinary text
        with _lock:
            _secrets.add(value)


def redact(text: str) -> str:
    """Mask every registered secret and any URL userinfo in ``text``.

    >>> redact("https://user:pw@example.org/simple")
    'https://***@example.org/simple'
    """
    with _lock:
        values = sorted(_secrets, key=len, reverse=True)
    for value in values:
        text = text.replace(value, _MASK)
    return _URL_USERINFO.sub(lambda m: f"{m['scheme']}{_MASK}@", text)
