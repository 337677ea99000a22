"""Bounded retries with exponential backoff for the chain's network steps."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from releasegate._redact import redact

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["RetryPolicy", "TransientError", "with_retries"]

T = TypeVar("T")


class TransientError(Exception):
    """A failure worth retrying: a network error or a 5xx answer."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently to retry: delays are ``base_delay * 2**n`` seconds."""

    attempts: int = 4
    base_delay: float = 2.0

    @classmethod
    def from_env(cls) -> RetryPolicy:
        """Return the default policy; ``RELEASEGATE_RETRY_DELAY`` overrides the base delay.

        The variable is the test suite's seam: it keeps retries fast without changing the count.
        """
        raw = os.environ.get("RELEASEGATE_RETRY_DELAY")
        if raw is None:
            return cls()
        try:
            return cls(base_delay=max(0.0, float(raw)))
        except ValueError:
            return cls()


def with_retries(
    action: Callable[[], T],
    policy: RetryPolicy,
    what: str,
    before_retry: Callable[[], T | None] | None = None,
) -> T:
    """Run ``action``; on ``TransientError`` wait and try again, at most ``policy.attempts`` times.

    ``before_retry`` runs before each new attempt; when it returns a value, that value is the
    result (used to notice that a failed upload did reach the index). The last
    ``TransientError`` propagates when every attempt failed.
    """
    for attempt in range(1, policy.attempts + 1):
        if attempt > 1 and before_retry is not None:
            found = before_retry()
            if found is not None:
                return found
        try:
            return action()
        except TransientError as exc:
            if attempt == policy.attempts:
                raise
            delay = policy.base_delay * 2 ** (attempt - 1)
            sys.stderr.write(
                redact(f"{what}: {exc}; retry {attempt} of {policy.attempts - 1} in {delay:g}s\n")
            )
            time.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises
