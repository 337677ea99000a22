"""``chain.sign``: paths, identity selection, errors, and offline verification of a real bundle."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests._loopback import serving
from tests._offline import online
from tests.fill_uv_cache import RFC8785_SHA256, RFC8785_WHEEL

from releasegate._redact import Secret
from releasegate.chain.sign import (
    GITHUB_ISSUER,
    ExpectedIdentity,
    attestation_path,
    bundle_path,
    expected_identity,
    find_identity,
    sign,
    signing_targets,
    unsigned_reason,
    verify_bundle,
)
from releasegate.errors import SignError

if TYPE_CHECKING:
    from collections.abc import Iterator

REPO = Path(__file__).resolve().parents[2]
SHARED_SIGSTORE = REPO.parent / "shared" / "sigstore"
WHEEL = RFC8785_WHEEL
RFC8785_IDENTITY = (
    "https://github.com/trailofbits/rfc8785.py/.github/workflows/release.yml@refs/tags/v0.1.2"
)
CANARY = "canary-oidc-3e7a1b9c"
CI_ENV_NAMES = (
    "GITHUB_ACTIONS",
    "ACTIONS_ID_TOKEN_REQUEST_URL",
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    "SIGSTORE_IDENTITY_TOKEN",
    "GITLAB_CI",
    "BUILDKITE",
    "CIRCLECI",
)


def jwt(claims: dict[str, object]) -> str:
    """Return an unsigned JWT with ``claims`` (sigstore does not verify the signature locally)."""

    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}.{CANARY}"


def github_claims(**overrides: object) -> dict[str, object]:
    """Claims shaped like a GitHub Actions OIDC token for the audience 'sigstore'."""
    now = int(time.time())
    claims: dict[str, object] = {
        "iss": GITHUB_ISSUER,
        "aud": "sigstore",
        "sub": "repo:octo/tiny:ref:refs/tags/v1.0.0",
        "iat": now,
        "exp": now + 600,
    }
    claims.update(overrides)
    return claims


@pytest.fixture(autouse=True)
def _no_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test as on a laptop unless it sets CI variables itself."""
    for name in CI_ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


def make_dist(tmp_path: Path) -> Path:
    """Write a dist/ with one small wheel-named file and one sdist-named file."""
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "tiny-1.0.0-py3-none-any.whl").write_bytes(b"wheel bytes")
    (dist / "tiny-1.0.0.tar.gz").write_bytes(b"sdist bytes")
    return dist


# paths


def test_signing_targets_name_bundle_and_attestation(tmp_path: Path) -> None:
    """Each distribution gets <file>.sigstore.json and <file>.publish.attestation beside it."""
    dist = make_dist(tmp_path)
    targets = signing_targets(dist)
    assert [(t.dist.name, t.bundle.name, t.attestation.name) for t in targets] == [
        (
            "tiny-1.0.0-py3-none-any.whl",
            "tiny-1.0.0-py3-none-any.whl.sigstore.json",
            "tiny-1.0.0-py3-none-any.whl.publish.attestation",
        ),
        (
            "tiny-1.0.0.tar.gz",
            "tiny-1.0.0.tar.gz.sigstore.json",
            "tiny-1.0.0.tar.gz.publish.attestation",
        ),
    ]
    assert bundle_path(targets[0].dist) == targets[0].bundle
    assert attestation_path(targets[0].dist) == targets[0].attestation


def test_signing_targets_without_dist(tmp_path: Path) -> None:
    """Nothing built yet is a one-line SignError pointing at 'invoke build'."""
    with pytest.raises(SignError, match=r"no such directory; run 'invoke build' first$"):
        signing_targets(tmp_path / "dist")


# identity selection


def test_no_identity_is_none_on_a_laptop() -> None:
    """Without a token or a CI credential there is no identity (and no browser is opened)."""
    assert find_identity(None) is None


def test_explicit_token_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """--identity-token wins over SIGSTORE_IDENTITY_TOKEN."""
    monkeypatch.setenv("SIGSTORE_IDENTITY_TOKEN", jwt(github_claims(sub="from-env")))
    token = find_identity(Secret(jwt(github_claims(sub="explicit"))))
    assert token is not None
    assert token.identity == "explicit"


def test_environment_token_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGSTORE_IDENTITY_TOKEN is read when no token is passed."""
    monkeypatch.setenv("SIGSTORE_IDENTITY_TOKEN", jwt(github_claims(sub="from-env")))
    token = find_identity(None)
    assert token is not None
    assert token.identity == "from-env"


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        # expired an hour ago
        (github_claims(exp=int(time.time()) - 3600), "Identity token is malformed"),
        # minted for another audience
        (github_claims(aud="pypi"), "Identity token is malformed"),
    ],
    ids=["expired", "wrong-audience"],
)
def test_unusable_token_is_one_line_without_the_token(
    claims: dict[str, object], reason: str
) -> None:
    """A token sigstore cannot use is a SignError that names the flag, never the token."""
    with pytest.raises(SignError) as info:
        find_identity(jwt(claims))
    message = str(info.value)
    assert message.startswith(f"--identity-token: not a usable Sigstore identity token ({reason}")
    assert CANARY not in message
    assert "\n" not in message


class _TokenEndpoint(BaseHTTPRequestHandler):
    """GitHub's OIDC token endpoint: answers {"value": <token>} for the right bearer token."""

    token = ""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        """Stay quiet."""

    def do_GET(self) -> None:
        """Hand out the token when asked with the request token."""
        ok = self.headers.get("Authorization") == "bearer request-token"
        body = json.dumps({"value": self.token}).encode() if ok else b"{}"
        self.send_response(200 if ok else 403)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def token_endpoint() -> Iterator[str]:
    """Serve a GitHub-shaped OIDC token endpoint on 127.0.0.1; yield its URL."""
    handler = type("Endpoint", (_TokenEndpoint,), {"token": jwt(github_claims())})
    with serving(handler) as url:
        yield f"{url}/token?x=1"


def test_ambient_github_credential(monkeypatch: pytest.MonkeyPatch, token_endpoint: str) -> None:
    """In GitHub Actions with id-token: write, the job's OIDC token is the identity."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("ACTIONS_ID_TOKEN_REQUEST_URL", token_endpoint)
    monkeypatch.setenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "request-token")
    token = find_identity(None)
    assert token is not None
    assert token.identity == "repo:octo/tiny:ref:refs/tags/v1.0.0"


def test_github_without_id_token_permission(monkeypatch: pytest.MonkeyPatch) -> None:
    """In GitHub Actions without id-token: write, the error says which permission to grant."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    with pytest.raises(SignError) as info:
        find_identity(None)
    assert str(info.value).startswith("ambient OIDC credential: ")
    assert str(info.value).endswith("give the publishing job 'permissions: id-token: write'")


# the identity bundles must verify against


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        # GitHub Actions: this repository's release workflow at the running ref
        (
            {
                "GITHUB_ACTIONS": "true",
                "GITHUB_REPOSITORY": "octo/tiny",
                "GITHUB_REF": "refs/tags/v1.0.0",
            },
            ExpectedIdentity(
                "https://github.com/octo/tiny/.github/workflows/release.yml@refs/tags/v1.0.0",
                GITHUB_ISSUER,
            ),
        ),
        # GitHub Actions names the running workflow: that one, whatever its file name
        (
            {
                "GITHUB_ACTIONS": "true",
                "GITHUB_REPOSITORY": "octo/tiny",
                "GITHUB_REF": "refs/heads/main",
                "GITHUB_WORKFLOW_REF": "octo/tiny/.github/workflows/release-please.yml@refs/heads/main",
                "GITHUB_SERVER_URL": "https://ghe.example",
            },
            ExpectedIdentity(
                "https://ghe.example/octo/tiny/.github/workflows/release-please.yml@refs/heads/main",
                GITHUB_ISSUER,
            ),
        ),
        # elsewhere: the token's own identity and issuer, even with a workflow ref around
        (
            {"GITHUB_WORKFLOW_REF": "octo/tiny/.github/workflows/x.yml@refs/heads/main"},
            ExpectedIdentity("repo:octo/tiny:ref:refs/tags/v1.0.0", GITHUB_ISSUER),
        ),
        ({}, ExpectedIdentity("repo:octo/tiny:ref:refs/tags/v1.0.0", GITHUB_ISSUER)),
    ],
    ids=["github-actions", "workflow-ref", "workflow-ref-outside-actions", "local"],
)
def test_expected_identity(env: dict[str, str], expected: ExpectedIdentity) -> None:
    """The expected identity follows the CI's workflow, or else the token."""
    token = find_identity(jwt(github_claims()))
    assert token is not None
    assert expected_identity(token, env=env) == expected


# sign: everything before the network


def test_sign_without_identity_is_one_line(tmp_path: Path) -> None:
    """Signing with no identity anywhere fails before any network call, saying how to fix it."""
    make_dist(tmp_path)
    with pytest.raises(SignError) as info:
        sign(tmp_path)
    assert str(info.value).startswith("no Sigstore identity: ")
    assert "--identity-token" in str(info.value)
    assert "--no-sign" in str(info.value)
    assert not list((tmp_path / "dist").glob("*.sigstore.json"))


def test_sign_with_a_bad_token_never_shows_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A canary token passed in stays out of the error and all output."""
    make_dist(tmp_path)
    with pytest.raises(SignError) as info:
        sign(tmp_path, identity_token=Secret(CANARY))
    captured = capsys.readouterr()
    assert CANARY not in str(info.value) + captured.out + captured.err


# unsigned_reason: the publish preflight


def test_unsigned_reason(tmp_path: Path) -> None:
    """A missing bundle, an unreadable one, or one for other bytes all count as unsigned."""
    dist = make_dist(tmp_path) / "tiny-1.0.0.tar.gz"
    assert unsigned_reason(dist) == "tiny-1.0.0.tar.gz: no tiny-1.0.0.tar.gz.sigstore.json"
    bundle_path(dist).write_text("not json", encoding="utf-8")
    assert (
        unsigned_reason(dist) == "tiny-1.0.0.tar.gz.sigstore.json: not a readable Sigstore bundle"
    )
    other = base64.b64encode(b"\0" * 32).decode()
    bundle_path(dist).write_text(
        json.dumps({"messageSignature": {"messageDigest": {"digest": other}}}), encoding="utf-8"
    )
    assert (
        unsigned_reason(dist)
        == "tiny-1.0.0.tar.gz.sigstore.json: signs another build of tiny-1.0.0.tar.gz"
    )


@pytest.mark.parametrize("content", ["not json", "{}"], ids=["not-json", "no-fields"])
def test_an_unreadable_bundle_is_one_line(tmp_path: Path, content: str) -> None:
    """A bundle that does not load is one line naming it and the fix, not pydantic's many."""
    dist = make_dist(tmp_path) / "tiny-1.0.0.tar.gz"
    bundle_path(dist).write_text(content, encoding="utf-8")
    with pytest.raises(SignError) as info:
        verify_bundle(dist, bundle_path(dist), RFC8785_IDENTITY, GITHUB_ISSUER)
    message = str(info.value)
    assert message.startswith("tiny-1.0.0.tar.gz.sigstore.json: not a readable Sigstore bundle (")
    assert message.endswith("); re-sign")
    assert "\n" not in message


# verify_bundle on a real bundle, offline


@pytest.fixture(scope="module")
def real_bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Return rfc8785 0.1.2's wheel and its bundle, side by side in a temporary directory.

    The wheel is on PyPI only: ``nox -s tests`` fetches it before the run
    (``tests.fill_uv_cache``) and names it in ``RELEASEGATE_RFC8785_WHEEL``; an online run
    downloads it here.
    """
    bundle = SHARED_SIGSTORE / f"{WHEEL}.sigstore.json"
    if not bundle.is_file():
        pytest.skip(f"{bundle} is absent (../shared/sigstore from the repository root)")
    where = tmp_path_factory.mktemp("rfc8785")
    fetched = os.environ.get("RELEASEGATE_RFC8785_WHEEL")
    if fetched:
        shutil.copy(fetched, where / WHEEL)
    elif online():  # pip, in its own process: this one reaches only the loopback
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--no-deps",
             "-q", "-d", str(where), f"rfc8785=={RFC8785_WHEEL.split('-')[1]}"],
            check=True, capture_output=True,
        )  # fmt: skip
    else:
        pytest.skip(f"{WHEEL} is on PyPI only: run nox -s tests, or set RELEASEGATE_ONLINE_TESTS=1")
    shutil.copy(bundle, where / bundle.name)
    return where / WHEEL, where / bundle.name


def test_real_bundle_verifies_offline(real_bundle: tuple[Path, Path]) -> None:
    """The GitHub-Actions-made bundle verifies offline for its workflow identity."""
    wheel, bundle = real_bundle
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == RFC8785_SHA256
    verify_bundle(wheel, bundle, RFC8785_IDENTITY, GITHUB_ISSUER, offline=True)
    assert unsigned_reason(wheel) is None


@pytest.mark.parametrize(
    ("identity", "issuer"),
    [
        # another repository's release workflow
        (
            "https://github.com/octo/tiny/.github/workflows/release.yml@refs/tags/v0.1.2",
            GITHUB_ISSUER,
        ),
        # the right workflow at another tag
        (RFC8785_IDENTITY.replace("v0.1.2", "v0.1.3"), GITHUB_ISSUER),
        # the right identity from another issuer
        (RFC8785_IDENTITY, "https://accounts.google.com"),
    ],
    ids=["other-repo", "other-ref", "other-issuer"],
)
def test_real_bundle_fails_for_another_identity(
    real_bundle: tuple[Path, Path], identity: str, issuer: str
) -> None:
    """Any other identity or issuer fails verification with one line naming the bundle."""
    wheel, bundle = real_bundle
    with pytest.raises(SignError) as info:
        verify_bundle(wheel, bundle, identity, issuer)
    assert str(info.value).startswith(f"{bundle.name}: does not verify for {identity!r} (")
    assert "\n" not in str(info.value)


def test_real_bundle_fails_for_other_bytes(real_bundle: tuple[Path, Path], tmp_path: Path) -> None:
    """The bundle does not verify a file with other contents."""
    _, bundle = real_bundle
    impostor = tmp_path / WHEEL
    impostor.write_bytes(b"not the wheel")
    with pytest.raises(SignError, match=r"does not verify"):
        verify_bundle(impostor, bundle, RFC8785_IDENTITY, GITHUB_ISSUER)
