"""``Secret`` and ``redact()``: secrets and URL credentials never reach output."""

from __future__ import annotations

import pytest
from tests.builders import Canary

from releasegate._redact import Secret, redact, register_secret


def _canary() -> str:
    """Return a fresh token nothing has registered yet (the ``canary_secret`` fixture's is)."""
    return Canary.new(register=False).value


def test_secret_masks_str_and_repr(canary_secret: Canary) -> None:
    """str(), repr() and f-strings of a Secret show only the mask; reveal() the value."""
    value = canary_secret.value
    secret = Secret(value)
    assert str(secret) == "***"
    assert repr(secret) == "Secret('***')"
    assert value not in f"{secret} {secret!r} {[secret]}"
    assert secret.reveal() == value


@pytest.mark.parametrize(
    ("value", "truthy"),
    [
        ("", False),
        ("pypi-token", True),
    ],
)
def test_secret_truthiness(value: str, truthy: bool) -> None:
    """A Secret is falsy exactly when its value is empty, so `if token:` works."""
    assert bool(Secret(value)) is truthy


def test_creating_a_secret_registers_it() -> None:
    """Once a Secret exists, redact() masks its value anywhere in a text."""
    value = _canary()
    Secret(value)
    assert redact(f"upload failed: token {value} rejected ({value})") == (
        "upload failed: token *** rejected (***)"
    )


def test_register_secret_without_wrapping() -> None:
    """register_secret() masks a value that never becomes a Secret object."""
    value = _canary()
    register_secret(value)
    assert redact(f"Authorization: Bearer {value}") == "Authorization: Bearer ***"


def test_longest_secret_is_masked_first(canary_secret: Canary) -> None:
    """When one secret contains another, the longer one is masked whole."""
    short = canary_secret.value  # registered by the fixture
    long = f"{short}-extended"
    register_secret(long)
    assert redact(f"a={long} b={short}") == "a=*** b=***"


@pytest.mark.parametrize("value", ["", "x", "ab", "abc"])
def test_short_values_are_not_registered(value: str) -> None:
    """Values under four characters are ignored: masking them would mangle ordinary text."""
    register_secret(value)
    text = "abc xyz a b"
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # user and password in an index URL
        ("https://user:pw@upload.pypi.org/legacy/", "https://***@upload.pypi.org/legacy/"),
        # a token as the only userinfo
        ("git push https://x-token@github.com/o/r.git", "git push https://***@github.com/o/r.git"),
        # several URLs in one line
        (
            "http://a:b@127.0.0.1:8080/simple and ftp://c@example.org/",
            "http://***@127.0.0.1:8080/simple and ftp://***@example.org/",
        ),
        # no userinfo: unchanged
        ("https://pypi.org/simple/releasegate/", "https://pypi.org/simple/releasegate/"),
        # an @ outside a URL: unchanged
        ("mail maintainers@example.org", "mail maintainers@example.org"),
    ],
)
def test_url_userinfo_is_masked(text: str, expected: str) -> None:
    """URL credentials are masked even when they were never registered."""
    assert redact(text) == expected
