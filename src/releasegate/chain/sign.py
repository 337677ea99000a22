"""``sign``: Sigstore bundles and PEP 740 attestations for every distribution, verified at once.

Each ``dist/<file>`` gains ``<file>.sigstore.json`` (a Sigstore bundle, as ``sigstore sign``
writes it) and ``<file>.publish.attestation`` (a PEP 740 attestation, as twine uploads it).
The identity comes from ``--identity-token``, ``SIGSTORE_IDENTITY_TOKEN``, the CI's ambient OIDC
credential (GitHub Actions with ``id-token: write``), or, when asked for, sigstore's browser flow.
After signing, every bundle is verified against the expected identity before success is reported.
"""

from __future__ import annotations

import base64
import binascii
import importlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from releasegate._atomic import write_atomic
from releasegate._redact import Secret, redact
from releasegate.chain._tools import missing_tool
from releasegate.chain.check import distributions, sha256_of
from releasegate.errors import CheckError, SignError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sigstore.models import ClientTrustConfig
    from sigstore.oidc import IdentityToken

__all__ = [
    "GITHUB_ISSUER",
    "ExpectedIdentity",
    "SigningTarget",
    "attestation_path",
    "bundle_path",
    "expected_identity",
    "find_identity",
    "sign",
    "signing_targets",
    "unsigned_reason",
    "verify_bundle",
]

GITHUB_ISSUER = "https://token.actions.githubusercontent.com"
TOKEN_ENV = "SIGSTORE_IDENTITY_TOKEN"  # noqa: S105 - the variable's name, not a token
_AUDIENCE = "sigstore"
_NO_IDENTITY = (
    "no Sigstore identity: not in CI with an OIDC credential and no --identity-token given; "
    "pass --identity-token (or set SIGSTORE_IDENTITY_TOKEN), use --interactive for the browser "
    "flow, grant 'id-token: write' in GitHub Actions, or skip signing with --no-sign"
)


@dataclass(frozen=True, slots=True)
class SigningTarget:
    """A distribution and the two files signing writes next to it."""

    dist: Path
    bundle: Path
    attestation: Path


@dataclass(frozen=True, slots=True)
class ExpectedIdentity:
    """The certificate identity (SAN) and OIDC issuer a bundle must verify against."""

    identity: str
    issuer: str


def bundle_path(dist: Path) -> Path:
    """Return where the Sigstore bundle of ``dist`` lives: ``<file>.sigstore.json``."""
    return dist.with_name(dist.name + ".sigstore.json")


def attestation_path(dist: Path) -> Path:
    """Return where the PEP 740 attestation of ``dist`` lives: ``<file>.publish.attestation``."""
    return dist.with_name(dist.name + ".publish.attestation")


def signing_targets(dist_dir: Path) -> list[SigningTarget]:
    """Return one target per sdist or wheel in ``dist_dir``; raise ``SignError`` if none."""
    try:
        files = distributions(dist_dir)
    except CheckError as exc:  # its text is right; the step failing is signing
        raise SignError(str(exc)) from None
    return [SigningTarget(f, bundle_path(f), attestation_path(f)) for f in files]


def find_identity(
    identity_token: Secret | str | None = None,
    *,
    env: Mapping[str, str] | None = None,
) -> IdentityToken | None:
    """Return the identity to sign with, or None when there is none without a browser.

    Order: the explicit token, ``SIGSTORE_IDENTITY_TOKEN``, then the ambient CI credential.
    A token that cannot be used, or a CI that refuses its credential, raises ``SignError``
    (its message never contains the token).
    """
    _require("sigstore")
    from sigstore.oidc import IdentityError, IdentityToken, detect_credential  # noqa: PLC0415 - heavy import, only when signing

    environ = os.environ if env is None else env
    raw = identity_token if identity_token is not None else environ.get(TOKEN_ENV)
    if raw:
        token = raw if isinstance(raw, Secret) else Secret(raw)
        source = "--identity-token" if identity_token is not None else TOKEN_ENV
        try:
            return IdentityToken(token.reveal())
        except IdentityError as exc:
            raise SignError(
                redact(f"{source}: not a usable Sigstore identity token ({exc}); get a fresh one")
            ) from None
    try:
        ambient = detect_credential(_AUDIENCE)
    except IdentityError as exc:
        raise SignError(
            redact(
                f"ambient OIDC credential: {exc}; in GitHub Actions give the publishing job "
                "'permissions: id-token: write'"
            )
        ) from None
    if ambient is None:
        return None
    Secret(ambient)  # registered, so no later message can show it
    try:
        return IdentityToken(ambient)
    except IdentityError as exc:
        raise SignError(redact(f"ambient OIDC credential: {exc}; re-run the job")) from None


def expected_identity(
    token: IdentityToken, *, env: Mapping[str, str] | None = None
) -> ExpectedIdentity:
    """Return what the bundles must verify against.

    In GitHub Actions that is the running workflow at the running ref: Actions sets
    ``GITHUB_WORKFLOW_REF`` (``owner/repo/.github/workflows/release-please.yml@refs/heads/main``),
    so the identity is ``https://github.com/`` + that; without it, this repository's
    ``.github/workflows/release.yml`` at ``GITHUB_REF``. Issued by GitHub either way; elsewhere it
    is the token's own identity and issuer.
    """
    environ = os.environ if env is None else env
    repository, ref = environ.get("GITHUB_REPOSITORY"), environ.get("GITHUB_REF")
    workflow_ref = environ.get("GITHUB_WORKFLOW_REF", "").strip()
    if environ.get("GITHUB_ACTIONS") == "true" and (workflow_ref or (repository and ref)):
        server = environ.get("GITHUB_SERVER_URL", "https://github.com")
        if workflow_ref:
            # the Fulcio certificate's SAN is the workflow that ran, whatever its file name
            return ExpectedIdentity(f"{server}/{workflow_ref}", GITHUB_ISSUER)
        return ExpectedIdentity(
            f"{server}/{repository}/.github/workflows/release.yml@{ref}", GITHUB_ISSUER
        )
    return ExpectedIdentity(token.identity, token.federated_issuer)


def sign(
    project: Path | str = ".",
    *,
    dist: str = "dist",
    identity_token: Secret | str | None = None,
    staging: bool = False,
    interactive: bool = False,
    log: bool = True,
) -> list[SigningTarget]:
    """Sign every distribution in ``dist/``, write bundles and attestations, verify them.

    Raises ``SignError`` (one line, no token) when there is no identity, signing fails, or a
    bundle does not verify against :func:`expected_identity`.
    """
    targets = signing_targets(Path(project).resolve() / dist)
    token = find_identity(identity_token)
    trust = _trust_config(staging=staging) if token is not None or interactive else None
    if token is None and trust is not None:
        token = _browser_identity(trust)
    if token is None or trust is None:
        raise SignError(_NO_IDENTITY)
    expected = expected_identity(token)
    _sign_all(targets, token, trust)
    for target in targets:
        verify_bundle(
            target.dist, target.bundle, expected.identity, expected.issuer, staging=staging
        )
        if log:
            sys.stderr.write(f"signed {target.dist.name} as {expected.identity}\n")
    return targets


def verify_bundle(
    artifact: Path,
    bundle: Path,
    identity: str,
    issuer: str,
    *,
    offline: bool = True,
    staging: bool = False,
) -> None:
    """Verify the Sigstore ``bundle`` of ``artifact`` for ``identity`` issued by ``issuer``.

    ``offline`` uses the trust root sigstore-python ships or has cached (no network). Raises
    ``SignError`` naming the file when the bundle is unreadable, or does not match.
    """
    _require("sigstore")
    from sigstore.errors import Error as SigstoreError  # noqa: PLC0415 - heavy import
    from sigstore.models import Bundle, InvalidBundle  # noqa: PLC0415
    from sigstore.verify import Verifier  # noqa: PLC0415
    from sigstore.verify.policy import Identity  # noqa: PLC0415

    try:
        loaded = Bundle.from_json(bundle.read_bytes())
    except (OSError, InvalidBundle, ValueError) as exc:
        raise SignError(
            f"{bundle.name}: not a readable Sigstore bundle ({_detail(exc)}); re-sign"
        ) from None
    try:
        verifier = (
            Verifier.staging(offline=offline) if staging else Verifier.production(offline=offline)
        )
        verifier.verify_artifact(
            artifact.read_bytes(), loaded, Identity(identity=identity, issuer=issuer)
        )
    except (SigstoreError, OSError, ValueError) as exc:
        raise SignError(
            f"{bundle.name}: does not verify for {identity!r} ({_detail(exc)}); "
            f"re-sign {artifact.name} with the expected identity"
        ) from None


def unsigned_reason(dist: Path) -> str | None:
    """Return why ``dist`` does not count as signed (missing or stale bundle), or None.

    A cheap offline preflight for ``publish``: the bundle exists and its message digest is the
    file's sha256. Full verification happened when ``sign`` wrote it.
    """
    bundle = bundle_path(dist)
    if not bundle.is_file():
        return f"{dist.name}: no {bundle.name}"
    try:
        data = json.loads(bundle.read_text(encoding="utf-8"))
        digest = data["messageSignature"]["messageDigest"]["digest"]
        signed = base64.b64decode(digest).hex()
    except (OSError, ValueError, KeyError, TypeError, binascii.Error):
        return f"{bundle.name}: not a readable Sigstore bundle"
    if signed != sha256_of(dist):
        return f"{bundle.name}: signs another build of {dist.name}"
    return None


def _trust_config(*, staging: bool) -> ClientTrustConfig:
    from sigstore.errors import Error as SigstoreError  # noqa: PLC0415 - heavy import
    from sigstore.models import ClientTrustConfig  # noqa: PLC0415

    try:
        return ClientTrustConfig.staging() if staging else ClientTrustConfig.production()
    except (SigstoreError, OSError) as exc:
        instance = "staging" if staging else "production"
        raise SignError(
            f"Sigstore {instance}: cannot load the trust root ({_detail(exc)}); check the network, "
            "re-run"
        ) from None


def _browser_identity(trust: ClientTrustConfig) -> IdentityToken:
    from sigstore.oidc import IdentityError, Issuer  # noqa: PLC0415 - heavy import

    try:
        return Issuer(trust.signing_config.get_oidc_url()).identity_token()
    except IdentityError as exc:
        raise SignError(redact(f"Sigstore browser sign-in: {exc}; try again")) from None


def _sign_all(targets: list[SigningTarget], token: IdentityToken, trust: ClientTrustConfig) -> None:
    _require("pypi_attestations")
    from pypi_attestations import Attestation, AttestationError, Distribution  # noqa: PLC0415
    from sigstore.errors import Error as SigstoreError  # noqa: PLC0415
    from sigstore.hashes import Hashed  # noqa: PLC0415
    from sigstore.sign import SigningContext  # noqa: PLC0415
    from sigstore_models.common.v1 import HashAlgorithm  # noqa: PLC0415

    context = SigningContext.from_trust_config(trust)
    with context.signer(token) as signer:
        for target in targets:
            try:
                hashed = Hashed(
                    algorithm=HashAlgorithm.SHA2_256, digest=bytes.fromhex(sha256_of(target.dist))
                )
                bundle = signer.sign_artifact(hashed)
                attestation = Attestation.sign(signer, Distribution.from_file(target.dist))
            except (SigstoreError, AttestationError, OSError) as exc:
                raise SignError(
                    redact(
                        f"{target.dist.name}: signing failed ({_detail(exc)}); re-run 'invoke sign'"
                    )
                ) from None
            write_atomic(target.bundle, bundle.to_json())
            write_atomic(target.attestation, attestation.model_dump_json())


def _detail(exc: BaseException) -> str:
    """The first line of a library's error: pydantic and TUF explain over several lines."""
    text = str(exc)
    return text.splitlines()[0] if text else type(exc).__name__


def _require(module: str) -> None:
    """Import ``module`` (a runtime dependency) or raise the one-line missing-tool error."""
    try:
        importlib.import_module(module)
    except ImportError as exc:
        raise missing_tool(module.replace("_", "-"), exc, SignError) from None
