"""Option metadata the chain commands share: project, signing, and where to publish."""

from __future__ import annotations

from releasegate.commands._options import option

__all__ = [
    "IDENTITY_TOKEN",
    "INTERACTIVE",
    "NO_SIGN",
    "PROJECT",
    "REPOSITORY_URL",
    "SIMPLE_URL",
    "SKIP_EXISTING",
    "STAGING",
]

PROJECT = option("run in PATH", short="C", metavar="PATH")
IDENTITY_TOKEN = option(
    "OIDC identity token for Sigstore, else the CI's own", env="SIGSTORE_IDENTITY_TOKEN"
)
STAGING = option("use Sigstore's staging instance")
INTERACTIVE = option("without a token, sign in through sigstore's browser flow")
REPOSITORY_URL = option("upload URL of the index (default: PyPI)", metavar="URL")
SIMPLE_URL = option("simple-API URL of the index (default: derived)", metavar="URL")
SKIP_EXISTING = option("skip files the index already has with the same sha256")
NO_SIGN = option("do not sign; upload without Sigstore bundles")
