"""The one HTTP layer: every request releasegate makes goes through here.

Requests use httpx; retries use stamina, on network errors and on answers worth another try
(5xx, 429), with exponential backoff and jitter. Callers get the final response for any other
status and map it to their own one-line error; after the last attempt a retryable failure
becomes ``error(...)`` naming the operation. Secrets reach the wire only through :class:`TokenAuth`
or :class:`BasicAuth`, which read them from a :class:`~releasegate._redact.Secret` at send time.

``RELEASEGATE_RETRY_DELAY`` (seconds) sets the first wait; the test suite sets it small so retries
stay fast while their count is unchanged.

Rate limits are waited out, not retried blindly: a 403 or 429 that carries ``Retry-After`` or
``x-ratelimit-remaining: 0`` with ``x-ratelimit-reset`` (GitHub's primary and secondary limits,
and any server's ``Retry-After``) is sent again once the server says it may be, as long as the
waits of one request stay within ``RELEASEGATE_RATE_LIMIT_WAIT`` seconds (default 900). Each
wait is announced in one line; past the bound the response goes back to the caller, whose error
says when the limit resets (:func:`rate_limit_reset`).
"""

from __future__ import annotations

import base64
import email.utils
import os
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import httpx
import stamina
import stamina.instrumentation

from releasegate._redact import redact
from releasegate.errors import ReleasegateError

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterator, Mapping

    from releasegate._redact import Secret

__all__ = [
    "BasicAuth",
    "HttpClient",
    "RetryPolicy",
    "RetryableError",
    "TokenAuth",
    "rate_limit_advice",
    "rate_limit_reset",
    "rate_limit_wait",
    "retrying",
    "status_error",
]

RETRY_DELAY_ENV = "RELEASEGATE_RETRY_DELAY"
RATE_LIMIT_WAIT_ENV = "RELEASEGATE_RATE_LIMIT_WAIT"
DEFAULT_RATE_LIMIT_WAIT = 900.0  # seconds one request may spend waiting for rate limits
# GitHub: a secondary limit without Retry-After means "wait at least one minute".
_SECONDARY_WAIT = 60.0
_RATE_LIMIT_STATUSES = frozenset({403, 429})
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_TIMEOUT = httpx.Timeout(30.0, connect=10.0)

# releasegate announces each retry itself, one line on stderr; stamina's default hook would log
# a second, differently worded line through the logging module.
stamina.instrumentation.set_on_retry_hooks([])


class RetryableError(Exception):
    """A failure worth another attempt: a network error or a 5xx/429 answer."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently to retry: waits grow from ``wait_initial`` up to ``wait_max``."""

    attempts: int = 4
    wait_initial: float = 1.0
    wait_max: float = 20.0
    rate_limit_wait: float = DEFAULT_RATE_LIMIT_WAIT

    @classmethod
    def from_env(cls) -> RetryPolicy:
        """The default policy; ``RELEASEGATE_RETRY_DELAY`` overrides the first wait (seconds).

        ``RELEASEGATE_RATE_LIMIT_WAIT`` bounds the time one request waits for rate limits.
        """
        bound = _seconds(os.environ.get(RATE_LIMIT_WAIT_ENV))
        if bound is None:
            bound = DEFAULT_RATE_LIMIT_WAIT
        delay = _seconds(os.environ.get(RETRY_DELAY_ENV))
        if delay is None:
            return cls(rate_limit_wait=bound)
        return cls(wait_initial=delay, wait_max=delay * 8, rate_limit_wait=bound)


def _seconds(raw: str | None) -> float | None:
    """A non-negative number of seconds from an environment value; None when unusable."""
    if raw is None:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        return None


def rate_limit_wait(response: httpx.Response, *, limited: bool = False) -> float | None:
    """Seconds to wait before asking again when ``response`` is a rate limit; None otherwise.

    A 403/429 with ``Retry-After`` (seconds or an HTTP date), or with
    ``x-ratelimit-remaining: 0`` and ``x-ratelimit-reset`` (epoch seconds), is a rate limit;
    so is any response the caller knows to be one (``limited``, e.g. GraphQL's
    ``RATE_LIMITED`` error), which waits a minute when the headers say nothing.
    """
    if response.status_code not in _RATE_LIMIT_STATUSES and not limited:
        return None
    headers = response.headers
    retry_after = headers.get("retry-after", "").strip()
    if retry_after:
        if retry_after.isdigit():
            return float(retry_after)
        try:
            when = email.utils.parsedate_to_datetime(retry_after)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            return max(0.0, when.timestamp() - time.time())
    reset = rate_limit_reset(response)
    if headers.get("x-ratelimit-remaining") == "0" and reset is not None:
        return max(0.0, reset.timestamp() - time.time()) + 1.0  # GitHub resets on the second
    if limited or (response.status_code == 403 and "secondary rate limit" in response.text):  # noqa: PLR2004
        return _SECONDARY_WAIT
    return None


def rate_limit_advice(response: httpx.Response) -> str:
    """What to do when a rate limit outlasted the wait: when it resets, then re-run."""
    reset = rate_limit_reset(response)
    when = f" until {reset:%Y-%m-%d %H:%M} UTC" if reset is not None else ""
    return (
        f"the API rate limit is exhausted{when}, longer than releasegate waits "
        f"({RATE_LIMIT_WAIT_ENV} seconds); re-run after that, or use a token with a higher "
        "limit (a GitHub App installation token)"
    )


def rate_limit_reset(response: httpx.Response) -> datetime | None:
    """When the rate limit of ``response`` resets (``x-ratelimit-reset``), None if unsaid."""
    raw = response.headers.get("x-ratelimit-reset", "").strip()
    if not raw.isdigit():
        return None
    return datetime.fromtimestamp(int(raw), tz=timezone.utc)


def retrying(
    what: str,
    *,
    on: type[Exception] | tuple[type[Exception], ...] = RetryableError,
    policy: RetryPolicy | None = None,
) -> Iterator[stamina.Attempt]:
    """Yield stamina attempts for a block that may fail with ``on``; announce each retry.

    Use it as stamina's ``retry_context``; the exception of the last attempt propagates::

        for attempt in retrying("upload of x.whl"):
            with attempt:
                upload()
    """
    chosen = policy or RetryPolicy.from_env()
    last: list[BaseException] = []

    def retry_on(exc: Exception) -> bool:
        if isinstance(exc, on):
            last[:] = [exc]
            return True
        return False

    context = stamina.retry_context(
        on=retry_on,
        attempts=chosen.attempts,
        timeout=None,
        wait_initial=chosen.wait_initial,
        wait_max=chosen.wait_max,
        wait_jitter=chosen.wait_initial,
    )
    for attempt in context:
        if attempt.num > 1 and last:
            sys.stderr.write(
                redact(f"{what}: {last[0]}; retry {attempt.num - 1} of {chosen.attempts - 1}\n")
            )
        yield attempt


class TokenAuth(httpx.Auth):
    """``Authorization: <scheme> <token>``, the token read from a Secret per request."""

    def __init__(self, token: Secret, scheme: str = "Bearer") -> None:
        self._token = token
        self._scheme = scheme

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Add the header and send."""
        request.headers["Authorization"] = f"{self._scheme} {self._token.reveal()}"
        yield request


class BasicAuth(httpx.Auth):
    """HTTP basic auth whose password is a Secret."""

    def __init__(self, username: str, password: Secret) -> None:
        self._username = username
        self._password = password

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Add the header and send."""
        pair = f"{self._username}:{self._password.reveal()}".encode()
        request.headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        yield request


class HttpClient:
    """A small client bound to a base URL, one error type and one retry policy.

    ``error`` is the ReleasegateError subclass raised when the retries run out or the server
    cannot be reached; ``what`` names the service in that line (``"GitHub API"``).
    """

    def __init__(
        self,
        base_url: str,
        *,
        what: str,
        error: type[ReleasegateError] = ReleasegateError,
        headers: Mapping[str, str] | None = None,
        auth: httpx.Auth | None = None,
        policy: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.what = what
        self.error = error
        self.policy = policy or RetryPolicy.from_env()
        self._client = httpx.Client(
            headers=dict(headers or {}),
            auth=auth,
            timeout=_TIMEOUT,
            follow_redirects=False,
            transport=transport,
        )

    def url(self, path: str) -> str:
        """An absolute URL: ``path`` as is when it has a scheme, else joined to the base URL."""
        if "://" in path:
            return path
        return self.base_url + path.lstrip("/")

    def request(
        self,
        method: str,
        path: str,
        *,
        operation: str,
        json: Any = None,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
        rate_limited: Callable[[httpx.Response], bool] | None = None,
    ) -> httpx.Response:
        """Send a request, retrying network errors and 5xx/429; return the final response.

        ``operation`` says what the request is for, in retry notes and in the error raised when
        every attempt failed. Any non-retryable status is returned for the caller to judge.
        A rate limit (see :func:`rate_limit_wait`; ``rate_limited`` recognises more, such as a
        GraphQL error) is waited out and the request sent again, within the policy's bound;
        then the rate-limited response is returned.
        """
        url = self.url(path)
        waited = 0.0
        while True:
            response = self._attempts(
                method, url, operation=operation, json=json, params=params, headers=headers
            )
            limited = rate_limited is not None and rate_limited(response)
            wait = rate_limit_wait(response, limited=limited)
            if wait is None or waited + wait > self.policy.rate_limit_wait:
                return response
            reset = datetime.fromtimestamp(time.time() + wait, tz=timezone.utc)
            sys.stderr.write(
                redact(
                    f"{operation}: {self.what} rate limit reached; waiting {wait:.0f}s, until "
                    f"{reset:%H:%M:%S} UTC\n"
                )
            )
            time.sleep(wait)
            waited += wait

    def _attempts(
        self,
        method: str,
        url: str,
        *,
        operation: str,
        json: Any,
        params: Mapping[str, str | int] | None,
        headers: Mapping[str, str] | None,
    ) -> httpx.Response:
        """One request with its retries: the response, or ``error`` when retries ran out."""
        try:
            for attempt in retrying(operation, policy=self.policy):
                with attempt:
                    return self._send(method, url, json=json, params=params, headers=headers)
        except RetryableError as exc:
            raise self.error(
                redact(
                    f"{operation}: {exc} (after {self.policy.attempts} attempts); "
                    f"check that {self.what} is reachable, then re-run"
                )
            ) from None
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def paginate(
        self, path: str, *, operation: str, params: Mapping[str, str | int] | None = None
    ) -> Iterator[Any]:
        """Yield the items of a JSON-array endpoint, following ``Link: <…>; rel="next"``.

        Stops at the first non-2xx answer by raising ``error`` with the status.
        """
        url: str | None = self.url(path)
        query = params
        while url is not None:
            response = self.request("GET", url, operation=operation, params=query)
            if not response.is_success:
                raise self.error(
                    redact(f"{operation}: {self.what} answered HTTP {response.status_code}")
                )
            items = response.json()
            if not isinstance(items, list):
                raise self.error(f"{operation}: {self.what} did not answer a JSON array")
            yield from items
            url = response.links.get("next", {}).get("url")
            query = None  # the next link carries the query

    def _send(
        self,
        method: str,
        url: str,
        *,
        json: Any,
        params: Mapping[str, str | int] | None,
        headers: Mapping[str, str] | None,
    ) -> httpx.Response:
        try:
            response = self._client.request(
                method, url, json=json, params=params, headers=dict(headers or {})
            )
        except httpx.TransportError as exc:
            raise RetryableError(_transport_reason(exc, url)) from None
        if response.status_code in _RETRY_STATUSES and rate_limit_wait(response) is None:
            raise RetryableError(f"{self.what} answered HTTP {response.status_code}")
        return response

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def __enter__(self) -> HttpClient:  # noqa: PYI034 - Self needs Python 3.11
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _transport_reason(exc: httpx.TransportError, url: str) -> str:
    """A one-line reason for a network failure, naming the host (never credentials)."""
    host = httpx.URL(url).host
    detail = str(exc).strip() or type(exc).__name__
    return redact(f"cannot reach {host}: {detail.splitlines()[0]}")


def status_error(
    error: Callable[[str], ReleasegateError], operation: str, response: httpx.Response, fix: str
) -> ReleasegateError:
    """Build ``error`` for an unexpected answer: operation, status, the server's message, fix."""
    message = ""
    try:
        body = response.json()
        if isinstance(body, dict):
            message = str(body.get("message") or "")
    except ValueError:
        message = response.text.strip().splitlines()[0] if response.text.strip() else ""
    said = f" ({message})" if message else ""
    return error(redact(f"{operation}: HTTP {response.status_code}{said}; {fix}"))
