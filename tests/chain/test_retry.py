"""``chain._retry``: bounded retries with backoff, and the "did it arrive after all" hook."""

from __future__ import annotations

import pytest

from releasegate.chain._retry import RetryPolicy, TransientError, with_retries

FAST = RetryPolicy(attempts=3, base_delay=0.0)


def test_success_after_transient_failures(capsys: pytest.CaptureFixture[str]) -> None:
    """Transient failures are retried; each retry is announced on stderr in one line."""
    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise TransientError("HTTP 503")
        return "done"

    assert with_retries(flaky, FAST, "upload of x") == "done"
    assert len(calls) == 3
    assert capsys.readouterr().err.splitlines() == [
        "upload of x: HTTP 503; retry 1 of 2 in 0s",
        "upload of x: HTTP 503; retry 2 of 2 in 0s",
    ]


def test_gives_up_after_the_bound() -> None:
    """After ``attempts`` failures the last TransientError propagates."""
    calls: list[int] = []

    def down() -> None:
        calls.append(1)
        raise TransientError("connection refused")

    with pytest.raises(TransientError, match="connection refused"):
        with_retries(down, FAST, "query")
    assert len(calls) == 3


def test_before_retry_can_end_the_loop() -> None:
    """When the hook finds the result (the upload arrived), no further attempt is made."""
    calls: list[int] = []

    def fails() -> str:
        calls.append(1)
        raise TransientError("HTTP 502")

    assert with_retries(fails, FAST, "upload", before_retry=lambda: "arrived") == "arrived"
    assert len(calls) == 1


def test_other_errors_are_not_retried() -> None:
    """Anything but TransientError leaves at once."""
    calls: list[int] = []

    def broken() -> None:
        calls.append(1)
        raise ValueError("bad")

    with pytest.raises(ValueError, match="bad"):
        with_retries(broken, FAST, "x")
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, RetryPolicy()),
        ("0.5", RetryPolicy(base_delay=0.5)),
        ("-3", RetryPolicy(base_delay=0.0)),
        ("soon", RetryPolicy()),
    ],
)
def test_policy_from_env(
    monkeypatch: pytest.MonkeyPatch, value: str | None, expected: RetryPolicy
) -> None:
    """RELEASEGATE_RETRY_DELAY sets the base delay; nonsense falls back to the default."""
    if value is None:
        monkeypatch.delenv("RELEASEGATE_RETRY_DELAY", raising=False)
    else:
        monkeypatch.setenv("RELEASEGATE_RETRY_DELAY", value)
    assert RetryPolicy.from_env() == expected
