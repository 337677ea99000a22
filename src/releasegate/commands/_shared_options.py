"""Option metadata the commands share: project, release files, branch, signing, the index."""

from __future__ import annotations

from releasegate.commands._options import option

__all__ = [
    "BRANCH",
    "CONFIG",
    "GITHUB_REPO",
    "IDENTITY_TOKEN",
    "INTERACTIVE",
    "JSON",
    "MANIFEST",
    "NO_SIGN",
    "PROJECT",
    "REPOSITORY_URL",
    "REQUIRE_SDIST_TESTS",
    "SIMPLE_URL",
    "SKIP_EXISTING",
    "STAGING",
]

PROJECT = option("run in PATH", short="C", metavar="PATH")
JSON = option("print one JSON document")
CONFIG = option(
    "config file in the repo (default: release-please-config.json, "
    "else .release-please-config.json)",
    metavar="PATH",
)
MANIFEST = option("versions manifest in the repo", metavar="PATH")
BRANCH = option(
    "target branch (default: the current branch; on a detached HEAD, $GITHUB_REF_NAME of a "
    "branch push, else origin's default branch)"
)
GITHUB_REPO = option(
    "GitHub repository (default: $GITHUB_REPOSITORY, else the origin remote when on GitHub)",
    metavar="OWNER/NAME",
)
IDENTITY_TOKEN = option(
    "OIDC identity token for Sigstore, else the CI's own", env="SIGSTORE_IDENTITY_TOKEN"
)
STAGING = option("use Sigstore's staging instance")
INTERACTIVE = option("without a token, sign in through sigstore's browser flow")
REPOSITORY_URL = option("upload URL of the index (default: PyPI)", metavar="URL")
SIMPLE_URL = option("simple-API URL of the index (default: derived)", metavar="URL")
SKIP_EXISTING = option("skip files the index already has with the same sha256")
NO_SIGN = option("do not sign; upload without Sigstore bundles")
REQUIRE_SDIST_TESTS = option(
    "stop when the sdist lacks the project's tests/ (default: a warning; "
    "require-sdist-tests in [tool.releasegate])"
)
